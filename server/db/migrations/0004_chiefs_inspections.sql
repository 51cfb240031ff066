-- Project chiefs (项目长责任制, issue #4): deputies and liaison staff beside the chief, since when the chief answers
-- for a project, the monthly inspection (一月一督查) with its findings and photos, and project tasks (rectification
-- demands that are not coordination items). Must run on PostgreSQL 15 and PGlite.

-- Deputies (副项目长) and liaison staff (联络员). The chief himself is projects.chief_user_id.
CREATE TABLE project_chief_staff (
  project_id uuid NOT NULL REFERENCES projects (id),
  user_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL CHECK (role IN ('deputy', 'liaison')),
  assigned_on date NOT NULL,
  assigned_by uuid REFERENCES users (id),
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_chief_staff_user_idx ON project_chief_staff (user_id);

-- Since when the current chief answers for the project: the months he owes an inspection start there.
CREATE TABLE project_chief_assignments (
  project_id uuid PRIMARY KEY REFERENCES projects (id),
  chief_user_id uuid NOT NULL REFERENCES users (id),
  assigned_on date NOT NULL,
  assigned_by uuid REFERENCES users (id)
);

-- The chief can be set by the ledger form, the Excel import or PUT …/chiefs: a trigger keeps the assignment in
-- step with projects.chief_user_id whichever path sets it, dated today in China (UTC+8, no daylight saving).
-- PUT …/chiefs then writes its own date and assigner over it, from the application's clock.
CREATE FUNCTION gj_track_chief_assignment() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.chief_user_id IS NOT DISTINCT FROM OLD.chief_user_id THEN
    RETURN NULL;
  END IF;
  IF NEW.chief_user_id IS NULL THEN
    DELETE FROM project_chief_assignments WHERE project_id = NEW.id;
  ELSE
    INSERT INTO project_chief_assignments (project_id, chief_user_id, assigned_on, assigned_by)
    VALUES (NEW.id, NEW.chief_user_id, ((now() AT TIME ZONE 'UTC') + interval '8 hours')::date, NEW.updated_by)
    ON CONFLICT (project_id) DO UPDATE
      SET chief_user_id = EXCLUDED.chief_user_id, assigned_on = EXCLUDED.assigned_on, assigned_by = EXCLUDED.assigned_by;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER projects_chief_assignment AFTER INSERT OR UPDATE OF chief_user_id ON projects
  FOR EACH ROW EXECUTE FUNCTION gj_track_chief_assignment();

-- Chiefs set before this migration: the best date known is the project's registration.
INSERT INTO project_chief_assignments (project_id, chief_user_id, assigned_on)
SELECT id, chief_user_id, ((created_at AT TIME ZONE 'UTC') + interval '8 hours')::date
FROM projects
WHERE chief_user_id IS NOT NULL;

-- One inspection per project per calendar month, on a day of that month.
CREATE TABLE inspections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id),
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  inspected_on date NOT NULL,
  method text NOT NULL CHECK (method IN ('onsite', 'video', 'written')),
  -- Names as the record lists them (officials, the owner's and the builder's people): most are not users.
  participants text[] NOT NULL DEFAULT '{}',
  summary text NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (project_id, month),
  CHECK (inspected_on >= month AND inspected_on < month + interval '1 month')
);

CREATE TABLE inspection_findings (
  id bigserial PRIMARY KEY,
  inspection_id uuid NOT NULL REFERENCES inspections (id),
  category text NOT NULL CHECK (category IN ('progress', 'quality', 'safety', 'civilised_construction', 'resource_support')),
  text text NOT NULL,
  sort integer NOT NULL DEFAULT 0
);
CREATE INDEX inspection_findings_inspection_idx ON inspection_findings (inspection_id, sort);

CREATE TABLE inspection_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  inspection_id uuid NOT NULL REFERENCES inspections (id),
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
CREATE INDEX inspection_photos_inspection_idx ON inspection_photos (inspection_id);

-- A rectification demand that no department has to answer (the owner fixes a fence, the builder a safety net):
-- an owner, a deadline and a status. Coordination items stay the loop for what needs departments.
CREATE TABLE project_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id),
  title text NOT NULL,
  description text,
  owner_org_id uuid NOT NULL REFERENCES organizations (id),
  owner_user_id uuid REFERENCES users (id),
  deadline date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  source text NOT NULL CHECK (source IN ('inspection')),
  source_ref text,
  closed_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX project_tasks_project_idx ON project_tasks (project_id, deadline);
CREATE INDEX project_tasks_source_idx ON project_tasks (source, source_ref);

-- What an inspection demanded: its coordination items carry source 'inspection' and the inspection's id.
CREATE INDEX coordination_items_inspection_idx ON coordination_items (source_ref) WHERE source = 'inspection';

-- A month without an inspection is flagged once per project and month to each person told: the job runs on every
-- node every ten minutes, and this index is the last guard against telling anyone twice.
CREATE UNIQUE INDEX notifications_inspection_missing_key ON notifications (user_id, entity_id)
  WHERE entity_type = 'inspection_missing';

INSERT INTO permissions (code) VALUES ('inspection.record'), ('chief.assign');

-- Departments hold inspection.record so that their staff can serve as deputies or liaisons: the service lets
-- only a project's chief, deputies, liaisons and leaders record its inspections.
INSERT INTO role_permissions (role_code, permission_code) VALUES
  ('leader', 'inspection.record'), ('leader', 'chief.assign'),
  ('project_chief', 'inspection.record'),
  ('department', 'inspection.record');
