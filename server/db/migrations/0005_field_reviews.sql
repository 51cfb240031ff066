-- Issue #4, 一季一拉练: the quarterly field review tour. The scoring rules (weights, means, ranks, 争先锋) are in
-- domain/field-review-scoring.ts; these tables hold what it scores. Sheets and amendments refer to the tour's
-- own stops and scorers, so a sheet for a project off the route or by someone off the panel cannot exist.

CREATE TABLE field_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The quarter the tour is that period's 一季一拉练 for ('2026-Q4', domain/supervision-cadence.ts).
  quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
  title text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  -- FieldReviewConfigSchema: { criteria: [{ code, label: { zh, en }, weight }], vanguardCount }.
  config jsonb NOT NULL CHECK (jsonb_typeof(config) = 'object'),
  organiser_id uuid NOT NULL REFERENCES users (id),
  closed_at timestamptz,
  closed_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT field_reviews_closed_check CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX field_reviews_quarter_idx ON field_reviews (quarter DESC, created_at DESC);
CREATE INDEX field_reviews_organiser_idx ON field_reviews (organiser_id);

-- The route: the projects visited, in order (sort), with the day of each visit.
CREATE TABLE field_review_stops (
  review_id uuid NOT NULL REFERENCES field_reviews (id),
  project_id uuid NOT NULL REFERENCES projects (id),
  visit_date date NOT NULL,
  sort integer NOT NULL,
  PRIMARY KEY (review_id, project_id)
);
CREATE INDEX field_review_stops_project_idx ON field_review_stops (project_id);

-- The panel, in the order the organiser listed it.
CREATE TABLE field_review_scorers (
  review_id uuid NOT NULL REFERENCES field_reviews (id),
  user_id uuid NOT NULL REFERENCES users (id),
  sort integer NOT NULL,
  PRIMARY KEY (review_id, user_id)
);
CREATE INDEX field_review_scorers_user_idx ON field_review_scorers (user_id);

-- One sheet per scorer and project; re-submitting while the tour is open replaces it (the audit log keeps each
-- submission). Taking a stop or a scorer off an open tour takes their sheets with it: the cascade.
CREATE TABLE field_review_sheets (
  review_id uuid NOT NULL,
  project_id uuid NOT NULL,
  scorer_id uuid NOT NULL,
  -- Scores by criterion code, 0–100 or null: { "quality": 88, "safety": 90, "progress": null }.
  scores jsonb NOT NULL CHECK (jsonb_typeof(scores) = 'object'),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (review_id, project_id, scorer_id),
  FOREIGN KEY (review_id, project_id) REFERENCES field_review_stops (review_id, project_id) ON DELETE CASCADE,
  FOREIGN KEY (review_id, scorer_id) REFERENCES field_review_scorers (review_id, user_id) ON DELETE CASCADE
);

-- Corrections after the tour closed. Append-only: the latest per (scorer, project) replaces that scorer's sheet
-- in the result, and every earlier one stays as the record of what was changed, by whom and why.
CREATE TABLE field_review_amendments (
  id bigserial PRIMARY KEY,
  review_id uuid NOT NULL,
  project_id uuid NOT NULL,
  scorer_id uuid NOT NULL,
  scores jsonb NOT NULL CHECK (jsonb_typeof(scores) = 'object'),
  reason text NOT NULL,
  actor_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (review_id, project_id) REFERENCES field_review_stops (review_id, project_id),
  FOREIGN KEY (review_id, scorer_id) REFERENCES field_review_scorers (review_id, user_id)
);
CREATE INDEX field_review_amendments_review_idx ON field_review_amendments (review_id, id);

CREATE FUNCTION field_review_amendments_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'field_review_amendments is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER field_review_amendments_no_update BEFORE UPDATE OR DELETE ON field_review_amendments
  FOR EACH ROW EXECUTE FUNCTION field_review_amendments_refuse_change();
CREATE TRIGGER field_review_amendments_no_truncate BEFORE TRUNCATE ON field_review_amendments
  FOR EACH STATEMENT EXECUTE FUNCTION field_review_amendments_refuse_change();

-- field_review.organise: leaders and project chiefs set up and close tours. field_review.score: who may be put on
-- a panel (leaders, chiefs, departments); a scorer scores only the tours that list him.
INSERT INTO permissions (code) VALUES ('field_review.organise'), ('field_review.score');

INSERT INTO role_permissions (role_code, permission_code) VALUES
  ('leader', 'field_review.organise'), ('leader', 'field_review.score'),
  ('project_chief', 'field_review.organise'), ('project_chief', 'field_review.score'),
  ('department', 'field_review.score');
