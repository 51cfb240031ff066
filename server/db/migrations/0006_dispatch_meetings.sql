-- Issue #4, 双月一调度: the dispatch meeting held every two-month period. Guanjia proposes the agenda
-- (domain/dispatch-agenda.ts), the organiser edits it, records who attended, the minutes per agenda item and the
-- decisions (议定事项); each decision is an action with a responsible organisation, a deadline in working days
-- and a status, followed up at the next meeting until done. Must run on PostgreSQL 15 and PGlite.

CREATE TABLE dispatch_meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The two-month period the meeting is that period's 双月一调度 for ('2026-B5', domain/supervision-cadence.ts).
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-B[1-6]$'),
  title text NOT NULL,
  -- The day it is planned for while scheduled, the day it was held once held.
  meeting_date date NOT NULL,
  start_time text CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  place text,
  -- 主持: as the record prints it ("管委会副主任 王某"); chairs are often not users of the platform.
  chair text,
  -- Anything the record says beyond the agenda items (会议概况, 其他事项).
  summary text,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  cancel_reason text,
  organiser_id uuid NOT NULL REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dispatch_meetings_cancel_check CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
);
CREATE INDEX dispatch_meetings_period_idx ON dispatch_meetings (period DESC, meeting_date DESC);
CREATE INDEX dispatch_meetings_held_idx ON dispatch_meetings (meeting_date) WHERE status = 'held';

-- The agenda in the organiser's order (sort). kind is one of domain/dispatch-agenda.ts agendaItemKinds, or 'other'
-- for an item the organiser added by hand; project_id repeats refs.projectId so a chief's scope is one join.
CREATE TABLE dispatch_agenda_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES dispatch_meetings (id),
  sort integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('unfinished_action', 'red_project', 'yellow_project', 'overdue_item', 'decision', 'late_start', 'other')),
  project_id uuid REFERENCES projects (id),
  refs jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(refs) = 'object'),
  title text NOT NULL,
  -- The English title of a proposed item; null for one the organiser wrote or retitled.
  title_en text,
  -- [{ code, zh, en }]: why Guanjia proposed it.
  reasons jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(reasons) = 'array'),
  minutes text
);
CREATE INDEX dispatch_agenda_items_meeting_idx ON dispatch_agenda_items (meeting_id, sort);
CREATE INDEX dispatch_agenda_items_project_idx ON dispatch_agenda_items (project_id);

-- Who was asked to attend, and whether they came (请假 with a reason). Most attendees are users; a guest from the
-- owner or a district bureau is a name and an organisation in words.
CREATE TABLE dispatch_attendees (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES dispatch_meetings (id),
  sort integer NOT NULL,
  user_id uuid REFERENCES users (id),
  name text NOT NULL,
  organization_id uuid REFERENCES organizations (id),
  organization_name text,
  position text,
  present boolean NOT NULL DEFAULT true,
  absence_reason text,
  CONSTRAINT dispatch_attendees_absence_check CHECK (present OR absence_reason IS NOT NULL)
);
CREATE INDEX dispatch_attendees_meeting_idx ON dispatch_attendees (meeting_id, sort);

-- 议定事项: one row per decision, numbered within its meeting (sequence). The deadline is working_days working
-- days after the meeting day (domain/working-days.ts), stored so that a later calendar change does not move a
-- deadline already announced. Bulletins and reminders read this table.
CREATE TABLE dispatch_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES dispatch_meetings (id),
  sequence integer NOT NULL CHECK (sequence > 0),
  agenda_item_id uuid REFERENCES dispatch_agenda_items (id) ON DELETE SET NULL,
  project_id uuid REFERENCES projects (id),
  content text NOT NULL,
  owner_organization_id uuid NOT NULL REFERENCES organizations (id),
  owner_user_id uuid REFERENCES users (id),
  working_days integer NOT NULL CHECK (working_days > 0),
  deadline date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  progress_note text,
  completed_at timestamptz,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (meeting_id, sequence),
  CONSTRAINT dispatch_actions_completed_check CHECK ((status = 'done') = (completed_at IS NOT NULL))
);
CREATE INDEX dispatch_actions_owner_idx ON dispatch_actions (owner_organization_id, status);
CREATE INDEX dispatch_actions_project_idx ON dispatch_actions (project_id);
CREATE INDEX dispatch_actions_open_deadline_idx ON dispatch_actions (deadline) WHERE status IN ('open', 'in_progress');

-- A coordination item a leader must decide (提请领导决策): the agenda's "decision" section.
ALTER TABLE coordination_items
  ADD COLUMN needs_decision boolean NOT NULL DEFAULT false,
  ADD COLUMN decision_note text;
CREATE INDEX coordination_items_needs_decision_idx ON coordination_items (project_id) WHERE needs_decision;

-- dispatch.read: see meetings and their records (a chief only the agenda items about his projects).
-- dispatch.organise: schedule meetings, edit agendas, record attendance, minutes and decisions.
-- dispatch.action.update: report progress on the actions assigned to one's own organisation.
INSERT INTO permissions (code) VALUES ('dispatch.read'), ('dispatch.organise'), ('dispatch.action.update');

INSERT INTO role_permissions (role_code, permission_code) VALUES
  ('leader', 'dispatch.read'), ('leader', 'dispatch.organise'), ('leader', 'dispatch.action.update'),
  ('project_chief', 'dispatch.read'), ('project_chief', 'dispatch.organise'), ('project_chief', 'dispatch.action.update'),
  ('chain_chief', 'dispatch.read'),
  ('auditor', 'dispatch.read'),
  ('department', 'dispatch.action.update'),
  ('project_owner', 'dispatch.action.update');
