-- Issue #5: 项目一张图 and 建设时间轴.
-- The base-map setting lives in app_settings (key 'map_settings'), like the warning and reminder settings.

-- Milestones of the zone entered by administrators and leaders: 集中开工 ceremonies, openings, completions,
-- signings. The projects' own dates (开工, 竣工, 投产) are read from the projects and their stage history.
CREATE TABLE timeline_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_date date NOT NULL,
  title text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 100),
  description text,
  kind text NOT NULL CHECK (kind IN ('mass_start', 'opening', 'completion', 'signing', 'other')),
  -- Related projects, shown as links; a deleted project drops out of the list when it is read.
  project_ids uuid[] NOT NULL DEFAULT '{}',
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX timeline_events_date_idx ON timeline_events (event_date);

-- The timeline reads the projects that have started or finished; most have not.
CREATE INDEX projects_actual_start_idx ON projects (actual_start) WHERE actual_start IS NOT NULL;
CREATE INDEX projects_actual_completion_idx ON projects (actual_completion) WHERE actual_completion IS NOT NULL;

-- map.configure: the base map (tiles or the offline outlines). timeline.manage: record the zone's milestones.
INSERT INTO permissions (code) VALUES ('map.configure'), ('timeline.manage');
INSERT INTO role_permissions (role_code, permission_code) VALUES
  ('admin', 'map.configure'),
  ('admin', 'timeline.manage'),
  ('leader', 'timeline.manage');
