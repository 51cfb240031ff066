-- Full-lifecycle advancement (issue #3): stage templates and history, project events, milestones and baselines,
-- annual plans, monthly progress reports with photos, coordination items, the working-day calendar, warnings,
-- judgements and the in-app inbox.

-- Settings that administrators change at run time (active warning preset, report deadline day …), as JSON.
CREATE TABLE app_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);

-- Stage templates are data (validated by domain/lifecycle.ts StageTemplateSchema before they are stored).
CREATE TABLE stage_templates (
  code text PRIMARY KEY,
  definition jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);

-- A project follows its category's template unless one is chosen for it (e.g. 带方案出让).
ALTER TABLE projects ADD COLUMN stage_template_code text REFERENCES stage_templates (code);
-- Dates the stage entry conditions read (domain/lifecycle.ts entryConditions).
ALTER TABLE projects ADD COLUMN actual_start date;
ALTER TABLE projects ADD COLUMN actual_completion date;

CREATE TABLE project_stage_history (
  id bigserial PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id),
  from_stage text,
  to_stage text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('initial', 'forward', 'back', 'same')),
  moved_on date NOT NULL,
  reason text,
  -- Exit records of the stage left: { signingDate: '2026-01-05', landContract: { number, file } … }.
  records jsonb NOT NULL DEFAULT '{}',
  skipped text[] NOT NULL DEFAULT '{}',
  actor_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_stage_history_project_idx ON project_stage_history (project_id, id);

-- Planned dates per stage, for the stepper (planned vs actual).
CREATE TABLE project_stage_plans (
  project_id uuid NOT NULL REFERENCES projects (id),
  stage text NOT NULL,
  planned_start date,
  planned_end date,
  PRIMARY KEY (project_id, stage)
);

-- National construction reporting (开工, 年度, 竣工) and the notes 延迟开工, 暂停施工, 复工.
CREATE TABLE project_events (
  id bigserial PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id),
  kind text NOT NULL CHECK (kind IN ('start_report', 'annual_report', 'completion_report', 'delayed_start', 'suspension', 'resumption')),
  event_date date NOT NULL,
  note text,
  actor_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_events_project_idx ON project_events (project_id, event_date);

CREATE TABLE milestones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id),
  name text NOT NULL,
  planned_date date NOT NULL,
  actual_date date,
  responsible_org_id uuid REFERENCES organizations (id),
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
  sort integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX milestones_project_idx ON milestones (project_id, planned_date);

-- The approved plan of a year, frozen: later changes are shown against it.
CREATE TABLE plan_baselines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id),
  year integer NOT NULL,
  snapshot jsonb NOT NULL,
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz NOT NULL DEFAULT now(),
  note text,
  UNIQUE (project_id, year)
);

CREATE TABLE annual_plans (
  project_id uuid NOT NULL REFERENCES projects (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  planned_investment numeric(16, 2) NOT NULL CHECK (planned_investment >= 0),
  -- 12 cumulative percentages (序时进度), non-decreasing, ending at 100; NULL = even split.
  monthly_schedule jsonb,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  PRIMARY KEY (project_id, year)
);

-- One report per project per month; every submitted version is kept.
CREATE TABLE progress_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id),
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  status text NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned')),
  current_version integer NOT NULL DEFAULT 1,
  investment_this_month numeric(16, 2) NOT NULL CHECK (investment_this_month >= 0),
  physical_progress numeric(5, 2) CHECK (physical_progress BETWEEN 0 AND 100),
  image_progress text,
  problems text,
  over_total_explanation text,
  submitted_by uuid REFERENCES users (id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz,
  review_reason text,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (project_id, month)
);

CREATE TABLE progress_report_versions (
  id bigserial PRIMARY KEY,
  report_id uuid NOT NULL REFERENCES progress_reports (id),
  version integer NOT NULL,
  content jsonb NOT NULL,
  -- A retried submission carries the same key and is answered with the version it already created.
  idempotency_key text,
  status text NOT NULL,
  actor_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (report_id, version)
);
CREATE UNIQUE INDEX progress_report_versions_idempotency_key ON progress_report_versions (report_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

CREATE TABLE report_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES progress_reports (id),
  storage_key text NOT NULL,
  thumbnail_key text,
  original_name text,
  mime_type text NOT NULL,
  size_bytes integer NOT NULL,
  width integer,
  height integer,
  taken_at timestamptz,
  latitude double precision,
  longitude double precision,
  uploaded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX report_photos_report_idx ON report_photos (report_id);

CREATE TABLE coordination_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id),
  source text NOT NULL CHECK (source IN ('report', 'inspection', 'chief', 'other')),
  source_ref text,
  title text NOT NULL,
  description text NOT NULL,
  category text NOT NULL CHECK (category IN ('land', 'planning', 'funding', 'approval', 'construction_environment', 'utilities', 'other')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'resolved', 'confirmed')),
  deadline_working_days integer NOT NULL CHECK (deadline_working_days > 0),
  deadline date NOT NULL,
  answer text,
  escalation_level integer NOT NULL DEFAULT 0,
  raised_by uuid REFERENCES users (id),
  raised_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  confirmed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coordination_items_project_idx ON coordination_items (project_id);
CREATE INDEX coordination_items_open_deadline_idx ON coordination_items (deadline) WHERE status IN ('pending', 'in_progress');

CREATE TABLE coordination_item_departments (
  item_id uuid NOT NULL REFERENCES coordination_items (id),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  PRIMARY KEY (item_id, organization_id)
);
CREATE INDEX coordination_item_departments_org_idx ON coordination_item_departments (organization_id);

-- The closed loop, step by step: accepted, answered, confirmed, reopened, escalated (督办).
CREATE TABLE coordination_item_events (
  id bigserial PRIMARY KEY,
  item_id uuid NOT NULL REFERENCES coordination_items (id),
  kind text NOT NULL,
  from_status text,
  to_status text,
  note text,
  actor_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coordination_item_events_item_idx ON coordination_item_events (item_id, id);

-- Administrators' corrections and additions to the statutory holiday calendar (domain/working-days.ts).
CREATE TABLE calendar_overrides (
  date date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text,
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The latest computed light per project, with its reasons in words.
CREATE TABLE project_warnings (
  project_id uuid PRIMARY KEY REFERENCES projects (id),
  color text NOT NULL CHECK (color IN ('green', 'yellow', 'red')),
  reasons jsonb NOT NULL,
  preset_code text NOT NULL,
  earned_value jsonb,
  computed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_warnings_color_idx ON project_warnings (color);

-- A leader's or chief's dated judgement beside the computed colour (delivery-confidence style).
CREATE TABLE warning_judgements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id),
  confidence text NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
  reason text NOT NULL,
  judged_on date NOT NULL,
  actor_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX warning_judgements_project_idx ON warning_judgements (project_id, judged_on DESC);

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  kind text NOT NULL,
  title text NOT NULL,
  body text,
  link text,
  entity_type text,
  entity_id text,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_unread_idx ON notifications (user_id, created_at DESC) WHERE read_at IS NULL;

INSERT INTO permissions (code) VALUES
  ('project.stage.move'), ('project.event.record'), ('stage_template.manage'),
  ('plan.manage'), ('plan.baseline'),
  ('report.submit'), ('report.review'),
  ('coordination.raise'), ('coordination.handle'),
  ('warning.read'), ('warning.judge'), ('warning.configure'),
  ('calendar.manage');

INSERT INTO role_permissions (role_code, permission_code) VALUES
  ('admin', 'stage_template.manage'), ('admin', 'warning.configure'), ('admin', 'calendar.manage'),
  ('auditor', 'warning.read'),
  ('leader', 'warning.read'), ('leader', 'warning.judge'), ('leader', 'coordination.raise'), ('leader', 'plan.baseline'),
  ('project_chief', 'project.stage.move'), ('project_chief', 'project.event.record'), ('project_chief', 'plan.manage'),
  ('project_chief', 'plan.baseline'), ('project_chief', 'report.submit'), ('project_chief', 'report.review'),
  ('project_chief', 'coordination.raise'), ('project_chief', 'warning.read'), ('project_chief', 'warning.judge'),
  ('chain_chief', 'warning.read'),
  ('department', 'project.stage.move'), ('department', 'project.event.record'), ('department', 'plan.baseline'),
  ('department', 'report.review'), ('department', 'coordination.raise'), ('department', 'coordination.handle'),
  ('department', 'warning.read'),
  ('investment', 'project.stage.move'), ('investment', 'project.event.record'), ('investment', 'plan.manage'),
  ('investment', 'coordination.raise'), ('investment', 'warning.read'),
  ('project_owner', 'project.event.record'), ('project_owner', 'plan.manage'), ('project_owner', 'report.submit'),
  ('project_owner', 'coordination.raise'), ('project_owner', 'warning.read');
