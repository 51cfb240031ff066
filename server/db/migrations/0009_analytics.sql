-- Issue #5, analytics: the cockpit and the investment structure analysis are served from an in-memory fact store
-- on each app node (server/modules/analytics/analytics.store.ts), kept up to date incrementally. This migration
-- records which projects changed, and in which transaction, so that a node reloads just those projects; it keeps
-- the history of warning lights from now on; and it grants the new permissions. Must run on PostgreSQL 15 and
-- PGlite.

-- One row per project whose facts changed: the id of the last transaction that changed them. A node remembers
-- the xmin of the snapshot it last refreshed from; every change it has not seen was made by a transaction whose id
-- is at least that xmin (a transaction invisible to a snapshot is either in progress at it, so >= its xmin, or
-- began after it), so "changed_xid >= the previous xmin" finds all of them, committed or not yet visible. The
-- table holds one row per project at most: it does not grow with the number of writes.
CREATE TABLE analytics_changes (
  project_id uuid PRIMARY KEY,
  changed_xid xid8 NOT NULL
);
CREATE INDEX analytics_changes_xid_idx ON analytics_changes (changed_xid);

-- Statement-level triggers with transition tables: a bulk insert (an import, the benchmark's generator) pays
-- once per statement, not once per row. A trigger with transition tables serves one event only, hence one
-- trigger per event, and one function per shape of the rows (projects carry their id as `id`, the others as
-- `project_id`). Ids are upserted in order so that two bulk writes over the same projects lock the rows of this
-- table in the same order and cannot deadlock on it.
CREATE FUNCTION gj_analytics_mark_projects_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_changes (project_id, changed_xid)
  SELECT DISTINCT id, pg_current_xact_id() FROM new_rows ORDER BY 1
  ON CONFLICT (project_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
  RETURN NULL;
END
$$;

CREATE FUNCTION gj_analytics_mark_projects_old() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_changes (project_id, changed_xid)
  SELECT DISTINCT id, pg_current_xact_id() FROM old_rows ORDER BY 1
  ON CONFLICT (project_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
  RETURN NULL;
END
$$;

CREATE FUNCTION gj_analytics_mark_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_changes (project_id, changed_xid)
  SELECT DISTINCT project_id, pg_current_xact_id() FROM new_rows ORDER BY 1
  ON CONFLICT (project_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
  RETURN NULL;
END
$$;

CREATE FUNCTION gj_analytics_mark_old() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_changes (project_id, changed_xid)
  SELECT DISTINCT project_id, pg_current_xact_id() FROM old_rows ORDER BY 1
  ON CONFLICT (project_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
  RETURN NULL;
END
$$;

-- An UPDATE may move a row to another project: both projects changed.
CREATE FUNCTION gj_analytics_mark_both() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_changes (project_id, changed_xid)
  SELECT project_id, pg_current_xact_id()
  FROM (SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows) changed
  ORDER BY 1
  ON CONFLICT (project_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
  RETURN NULL;
END
$$;

CREATE TRIGGER projects_analytics_insert AFTER INSERT ON projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_projects_new();
CREATE TRIGGER projects_analytics_update AFTER UPDATE ON projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_projects_new();
CREATE TRIGGER projects_analytics_delete AFTER DELETE ON projects
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_projects_old();

CREATE TRIGGER progress_reports_analytics_insert AFTER INSERT ON progress_reports
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_new();
CREATE TRIGGER progress_reports_analytics_update AFTER UPDATE ON progress_reports
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_both();
CREATE TRIGGER progress_reports_analytics_delete AFTER DELETE ON progress_reports
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_old();

CREATE TRIGGER annual_plans_analytics_insert AFTER INSERT ON annual_plans
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_new();
CREATE TRIGGER annual_plans_analytics_update AFTER UPDATE ON annual_plans
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_both();
CREATE TRIGGER annual_plans_analytics_delete AFTER DELETE ON annual_plans
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_old();

CREATE TRIGGER project_stage_history_analytics_insert AFTER INSERT ON project_stage_history
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_new();
CREATE TRIGGER project_stage_history_analytics_update AFTER UPDATE ON project_stage_history
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_both();
CREATE TRIGGER project_stage_history_analytics_delete AFTER DELETE ON project_stage_history
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_old();

-- Coordination items count in the cockpit (overdue items, now and on past days): a change to an item, its status
-- events or its assigned departments marks the item's project, so the node's cached figures are recomputed.
CREATE TRIGGER coordination_items_analytics_insert AFTER INSERT ON coordination_items
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_new();
CREATE TRIGGER coordination_items_analytics_update AFTER UPDATE ON coordination_items
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_both();
CREATE TRIGGER coordination_items_analytics_delete AFTER DELETE ON coordination_items
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_old();

CREATE FUNCTION gj_analytics_mark_item_rows_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_changes (project_id, changed_xid)
  SELECT DISTINCT c.project_id, pg_current_xact_id()
  FROM new_rows n JOIN coordination_items c ON c.id = n.item_id
  ORDER BY 1
  ON CONFLICT (project_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
  RETURN NULL;
END
$$;

CREATE FUNCTION gj_analytics_mark_item_rows_old() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_changes (project_id, changed_xid)
  SELECT DISTINCT c.project_id, pg_current_xact_id()
  FROM old_rows o JOIN coordination_items c ON c.id = o.item_id
  ORDER BY 1
  ON CONFLICT (project_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
  RETURN NULL;
END
$$;

CREATE TRIGGER coordination_item_events_analytics_insert AFTER INSERT ON coordination_item_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_item_rows_new();
CREATE TRIGGER coordination_item_events_analytics_update AFTER UPDATE ON coordination_item_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_item_rows_new();
CREATE TRIGGER coordination_item_departments_analytics_insert AFTER INSERT ON coordination_item_departments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_item_rows_new();
CREATE TRIGGER coordination_item_departments_analytics_delete AFTER DELETE ON coordination_item_departments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_analytics_mark_item_rows_old();

-- Warning lights: the platform kept only the current light. From now on every change of a project's light is
-- appended here, so that red/yellow/green counts can be compared with a past day; for days before
-- app_meta.warning_light_history_since the comparison is "no data", never guessed. color NULL: the light was
-- removed. Lights are recomputed daily with the same colour most of the time: only changes are recorded, and only
-- they mark the project changed for the analytics.
CREATE TABLE warning_light_history (
  id bigserial PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id),
  color text CHECK (color IN ('green', 'yellow', 'red')),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX warning_light_history_project_idx ON warning_light_history (project_id, at, id);

CREATE FUNCTION gj_warning_lights_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO warning_light_history (project_id, color) SELECT project_id, color FROM new_rows ORDER BY project_id;
  INSERT INTO analytics_changes (project_id, changed_xid)
  SELECT DISTINCT project_id, pg_current_xact_id() FROM new_rows ORDER BY 1
  ON CONFLICT (project_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
  RETURN NULL;
END
$$;

CREATE FUNCTION gj_warning_lights_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (
    SELECT n.project_id, n.color FROM new_rows n JOIN old_rows o ON o.project_id = n.project_id
    WHERE n.color IS DISTINCT FROM o.color
  ), recorded AS (
    INSERT INTO warning_light_history (project_id, color)
    SELECT project_id, color FROM changed ORDER BY project_id
    RETURNING project_id
  )
  INSERT INTO analytics_changes (project_id, changed_xid)
  SELECT DISTINCT project_id, pg_current_xact_id() FROM recorded ORDER BY 1
  ON CONFLICT (project_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
  RETURN NULL;
END
$$;

CREATE FUNCTION gj_warning_lights_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO warning_light_history (project_id, color) SELECT project_id, NULL FROM old_rows ORDER BY project_id;
  INSERT INTO analytics_changes (project_id, changed_xid)
  SELECT DISTINCT project_id, pg_current_xact_id() FROM old_rows ORDER BY 1
  ON CONFLICT (project_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
  RETURN NULL;
END
$$;

CREATE TRIGGER project_warnings_history_insert AFTER INSERT ON project_warnings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_lights_inserted();
CREATE TRIGGER project_warnings_history_update AFTER UPDATE ON project_warnings
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_lights_updated();
CREATE TRIGGER project_warnings_history_delete AFTER DELETE ON project_warnings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_lights_deleted();

-- The lights as they stand now open the history.
INSERT INTO warning_light_history (project_id, color, at)
SELECT project_id, color, now() FROM project_warnings ORDER BY project_id;
INSERT INTO app_meta (key, value)
VALUES ('warning_light_history_since', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));

-- cockpit.read, analysis.read: the administration's people who follow the zone's projects — leaders, project
-- chiefs, chain chiefs, departments, investment promotion — and the auditor, who reads everything. Each sees the
-- figures of the projects in his data scope only (the ledger's rule). Project owners are not granted: the
-- cockpit is the administration's instrument, and an enterprise follows its own projects on their pages (an
-- administrator may grant it; the scope rule still applies). analysis.configure (the size bands of the
-- analysis): the administrator, like the other settings.
INSERT INTO permissions (code) VALUES ('cockpit.read'), ('analysis.read'), ('analysis.configure');

INSERT INTO role_permissions (role_code, permission_code) VALUES
  ('leader', 'cockpit.read'), ('leader', 'analysis.read'),
  ('project_chief', 'cockpit.read'), ('project_chief', 'analysis.read'),
  ('chain_chief', 'cockpit.read'), ('chain_chief', 'analysis.read'),
  ('department', 'cockpit.read'), ('department', 'analysis.read'),
  ('investment', 'cockpit.read'), ('investment', 'analysis.read'),
  ('auditor', 'cockpit.read'), ('auditor', 'analysis.read'),
  ('admin', 'analysis.configure');
