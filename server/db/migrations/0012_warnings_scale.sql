-- Issue #5, warning lights at province scale (100,000 projects, 3.5 million monthly reports). A light was found
-- stale by comparing its computed_at with the newest report, milestone, item and plan of every project — a
-- province-wide scan on every read. Instead, the writes that change a light's inputs now mark the project here,
-- and a recomputation clears the marks it has consumed. Must run on PostgreSQL 15 and PGlite.

-- One row per project whose inputs changed since its light was last computed (or that has no light yet). `seq`
-- orders the marks: a recomputation reads the marks before it reads the inputs and, when it writes the lights,
-- deletes only the marks whose seq it read. A change committed meanwhile has re-marked the project with a higher
-- seq (its upsert waits for the deleting transaction, then wins), so no change is ever lost; at worst a project
-- is recomputed once more.
CREATE SEQUENCE warning_inputs_changed_seq;
CREATE TABLE warning_inputs_changed (
  project_id uuid PRIMARY KEY,
  seq bigint NOT NULL
);
CREATE INDEX warning_inputs_changed_seq_idx ON warning_inputs_changed (seq);

-- Statement-level triggers with transition tables, as in 0009: a bulk write pays once per statement. Ids are
-- marked in order, so that concurrent writers (and the recomputation, which locks its marks in the same order)
-- cannot deadlock on this table. The light of a project depends on its record (stage, dates, total investment),
-- its reports, its annual plans, its milestones and its coordination items.
CREATE FUNCTION gj_warning_inputs_mark_projects() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO warning_inputs_changed (project_id, seq)
  SELECT id, nextval('warning_inputs_changed_seq') FROM (SELECT DISTINCT id FROM new_rows ORDER BY 1) changed
  ON CONFLICT (project_id) DO UPDATE SET seq = EXCLUDED.seq;
  RETURN NULL;
END
$$;

CREATE FUNCTION gj_warning_inputs_mark() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO warning_inputs_changed (project_id, seq)
    SELECT project_id, nextval('warning_inputs_changed_seq')
    FROM (SELECT DISTINCT project_id FROM new_rows ORDER BY 1) changed
    ON CONFLICT (project_id) DO UPDATE SET seq = EXCLUDED.seq;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO warning_inputs_changed (project_id, seq)
    SELECT project_id, nextval('warning_inputs_changed_seq')
    FROM (SELECT DISTINCT project_id FROM old_rows ORDER BY 1) changed
    ON CONFLICT (project_id) DO UPDATE SET seq = EXCLUDED.seq;
  ELSE
    -- An UPDATE may move a row to another project: both projects changed.
    INSERT INTO warning_inputs_changed (project_id, seq)
    SELECT project_id, nextval('warning_inputs_changed_seq')
    FROM (SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows ORDER BY 1) changed
    ON CONFLICT (project_id) DO UPDATE SET seq = EXCLUDED.seq;
  END IF;
  RETURN NULL;
END
$$;

-- Projects are never deleted (deleted_at marks them); a new project has no light yet, which is a change too.
CREATE TRIGGER projects_warning_inputs_insert AFTER INSERT ON projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark_projects();
CREATE TRIGGER projects_warning_inputs_update AFTER UPDATE ON projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark_projects();

CREATE TRIGGER progress_reports_warning_inputs_insert AFTER INSERT ON progress_reports
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark();
CREATE TRIGGER progress_reports_warning_inputs_update AFTER UPDATE ON progress_reports
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark();
CREATE TRIGGER progress_reports_warning_inputs_delete AFTER DELETE ON progress_reports
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark();

CREATE TRIGGER annual_plans_warning_inputs_insert AFTER INSERT ON annual_plans
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark();
CREATE TRIGGER annual_plans_warning_inputs_update AFTER UPDATE ON annual_plans
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark();
CREATE TRIGGER annual_plans_warning_inputs_delete AFTER DELETE ON annual_plans
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark();

CREATE TRIGGER milestones_warning_inputs_insert AFTER INSERT ON milestones
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark();
CREATE TRIGGER milestones_warning_inputs_update AFTER UPDATE ON milestones
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark();
CREATE TRIGGER milestones_warning_inputs_delete AFTER DELETE ON milestones
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark();

CREATE TRIGGER coordination_items_warning_inputs_insert AFTER INSERT ON coordination_items
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark();
CREATE TRIGGER coordination_items_warning_inputs_update AFTER UPDATE ON coordination_items
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark();
CREATE TRIGGER coordination_items_warning_inputs_delete AFTER DELETE ON coordination_items
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_inputs_mark();

-- The marks start from the old rule, once: live projects without a light, or with a light older than the project
-- record or than its newest report, milestone, coordination item or annual plan.
INSERT INTO warning_inputs_changed (project_id, seq)
SELECT p.id, nextval('warning_inputs_changed_seq')
FROM projects p LEFT JOIN project_warnings w ON w.project_id = p.id
WHERE p.deleted_at IS NULL AND (
  w.project_id IS NULL
  OR w.computed_at < p.updated_at
  OR w.computed_at < (SELECT max(greatest(r.submitted_at, coalesce(r.reviewed_at, r.submitted_at)))
                      FROM progress_reports r WHERE r.project_id = p.id)
  OR w.computed_at < (SELECT max(m.updated_at) FROM milestones m WHERE m.project_id = p.id)
  OR w.computed_at < (SELECT max(c.updated_at) FROM coordination_items c WHERE c.project_id = p.id)
  OR w.computed_at < (SELECT max(a.updated_at) FROM annual_plans a WHERE a.project_id = p.id)
)
ORDER BY p.id;

-- The warning list: red, then yellow, then green, each by project name, a page of 20–200 out of 100,000, with a
-- count per colour. Sorting every light to keep one page took seconds: the light's rank and its project's name
-- now sit in the light's row, so that the page is read along one index in the list's order. The name is copied
-- when the light is written (a writer that leaves it out gets it filled from the project) and follows a rename.
ALTER TABLE project_warnings
  ADD COLUMN light_rank smallint GENERATED ALWAYS AS (CASE color WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END) STORED,
  ADD COLUMN project_name text;
UPDATE project_warnings w SET project_name = p.name FROM projects p WHERE p.id = w.project_id;
CREATE INDEX project_warnings_list_order_idx ON project_warnings (light_rank, project_name, project_id);

CREATE FUNCTION gj_warning_light_name() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.project_name IS NULL THEN
    SELECT name INTO NEW.project_name FROM projects WHERE id = NEW.project_id;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER project_warnings_name BEFORE INSERT ON project_warnings
  FOR EACH ROW EXECUTE FUNCTION gj_warning_light_name();

CREATE FUNCTION gj_warning_light_rename() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE project_warnings w SET project_name = n.name
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE w.project_id = n.id AND n.name IS DISTINCT FROM o.name;
  RETURN NULL;
END
$$;
CREATE TRIGGER projects_warning_light_rename AFTER UPDATE ON projects
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gj_warning_light_rename();

-- The counts of a reader who sees every project are those of all lights less the lights of deleted projects,
-- which this index finds without reading the projects table.
CREATE INDEX projects_deleted_id_idx ON projects (id) WHERE deleted_at IS NOT NULL;
