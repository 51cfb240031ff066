-- Guanjia initial schema. Forward-only: never edit a migration that has shipped; add a new file.
-- Must run on PostgreSQL 15 (server) and PGlite (PostgreSQL 18).

CREATE TABLE app_meta (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reference_data_versions (
  name text PRIMARY KEY,
  checksum text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE divisions (
  code text PRIMARY KEY,
  name text NOT NULL,
  name_en text,
  level smallint NOT NULL,
  parent_code text,
  valid_from date,
  valid_to date
);

CREATE TABLE industries (
  code text PRIMARY KEY,
  name text NOT NULL,
  name_en text,
  level smallint NOT NULL,
  parent_code text
);

CREATE TABLE leading_industries (
  code text PRIMARY KEY,
  name text NOT NULL,
  name_en text
);

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('department', 'enterprise')),
  credit_code text,
  credit_code_override boolean NOT NULL DEFAULT false,
  credit_code_override_reason text,
  contact_name text,
  contact_phone text,
  division_code text REFERENCES divisions (code),
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organizations_credit_code_key ON organizations (credit_code) WHERE credit_code IS NOT NULL;
CREATE UNIQUE INDEX organizations_name_key ON organizations (name);

CREATE TABLE roles (
  code text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL,
  sort smallint NOT NULL DEFAULT 0
);

CREATE TABLE permissions (
  code text PRIMARY KEY
);

CREATE TABLE role_permissions (
  role_code text NOT NULL REFERENCES roles (code) ON DELETE CASCADE,
  permission_code text NOT NULL REFERENCES permissions (code) ON DELETE CASCADE,
  PRIMARY KEY (role_code, permission_code)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL,
  display_name text NOT NULL,
  organization_id uuid REFERENCES organizations (id),
  password_hash text NOT NULL,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  must_change_password boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  failed_login_count integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_code text NOT NULL REFERENCES roles (code),
  PRIMARY KEY (user_id, role_code)
);

-- Sessions live in the database so that app nodes stay stateless behind a load balancer.
CREATE TABLE sessions (
  id text PRIMARY KEY, -- SM3 digest of the cookie token: a leaked table does not yield usable cookies
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

-- Unigrams and bigrams of a text, for Chinese substring search through a GIN index (domain.md §7):
-- pg_trgm needs 3+ characters and a UTF-8 ctype; a 1- or 2-character query such as 科学 needs this.
CREATE FUNCTION gj_ngrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}')
  FROM (
    SELECT substr(lower(t), i, 1) AS g FROM generate_series(1, char_length(t)) AS i
    UNION ALL
    SELECT substr(lower(t), i, 2) FROM generate_series(1, char_length(t) - 1) AS i
  ) s
  WHERE g !~ '^\s+$'
$$;

CREATE TABLE projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text,
  code_format text CHECK (code_format IN ('current', 'legacy')),
  name text NOT NULL,
  name_pinyin text NOT NULL DEFAULT '',
  name_initials text NOT NULL DEFAULT '',
  owner_org_id uuid NOT NULL REFERENCES organizations (id),
  category text NOT NULL,
  industry_code text NOT NULL REFERENCES industries (code),
  leading_industry text REFERENCES leading_industries (code),
  key_level text NOT NULL,
  division_code text NOT NULL REFERENCES divisions (code),
  town_code text REFERENCES divisions (code),
  longitude double precision,
  latitude double precision,
  total_investment numeric(16, 2) NOT NULL,
  investment_government numeric(16, 2),
  investment_social numeric(16, 2),
  investment_foreign numeric(16, 2),
  construction_content text,
  planned_start date,
  planned_completion date,
  stage text NOT NULL,
  chief_user_id uuid REFERENCES users (id),
  lead_department_id uuid REFERENCES organizations (id),
  tags text[] NOT NULL DEFAULT '{}',
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES users (id),
  delete_reason text,
  CHECK ((longitude IS NULL) = (latitude IS NULL))
);
-- A project code identifies one live project; a deleted project frees its code.
CREATE UNIQUE INDEX projects_code_key ON projects (code) WHERE code IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX projects_name_ngrams_idx ON projects USING gin (gj_ngrams(name));
CREATE INDEX projects_owner_idx ON projects (owner_org_id);
CREATE INDEX projects_lead_department_idx ON projects (lead_department_id);
CREATE INDEX projects_chief_idx ON projects (chief_user_id);
CREATE INDEX projects_updated_at_idx ON projects (updated_at DESC);

-- Append-only, hash-chained audit log (等保 2.0: protected from change, kept ≥ 6 months).
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_name text,
  action text NOT NULL,
  entity_type text,
  entity_id text,
  before jsonb,
  after jsonb,
  ip text,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  detail text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
