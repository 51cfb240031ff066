-- Issue #4, 通报: the monthly bulletin. Every generation is kept — who, when, which data month, the figures it
-- reported and the .docx it produced (in the file storage under storage_key) — and a regeneration adds a row that
-- supersedes the month's previous one. The number (文号, domain/bulletin-number.ts) belongs to the month's bulletin:
-- the first generation takes the next sequence of the year it is issued in, and every regeneration keeps it, so the
-- same document about the same month never carries two numbers and no number is left dangling.

CREATE TABLE bulletins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The data month the bulletin reports on.
  data_month text NOT NULL CHECK (data_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- 1 for the month's first generation, then 2, 3 …; the highest is the current version.
  revision integer NOT NULL CHECK (revision > 0),
  supersedes_id uuid UNIQUE REFERENCES bulletins (id),
  issuer text NOT NULL,
  issuer_short text NOT NULL,
  -- The year in the number (the year of the first generation) and the sequence within it.
  number_year integer NOT NULL CHECK (number_year BETWEEN 2000 AND 2100),
  number_sequence integer NOT NULL CHECK (number_sequence > 0),
  number text NOT NULL,
  title text NOT NULL,
  -- BulletinFiguresSchema (domain/schemas/bulletins.ts): what the document says, as gathered.
  figures jsonb NOT NULL CHECK (jsonb_typeof(figures) = 'object'),
  storage_key text NOT NULL UNIQUE,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- Why a regeneration was made; null for a first generation.
  note text,
  generated_by uuid NOT NULL REFERENCES users (id),
  generated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bulletins_supersedes_check CHECK ((revision = 1) = (supersedes_id IS NULL)),
  UNIQUE (data_month, revision)
);
-- One number per month's bulletin: two months generated at once cannot both take the year's next sequence.
CREATE UNIQUE INDEX bulletins_number_key ON bulletins (number_year, number_sequence) WHERE revision = 1;
CREATE INDEX bulletins_generated_idx ON bulletins (generated_at DESC);

-- bulletin.generate: leaders issue the bulletin. bulletin.read: its readers — leaders, project chiefs (to whom it is
-- addressed), chain chiefs, and the auditor, who reads everything.
INSERT INTO permissions (code) VALUES ('bulletin.generate'), ('bulletin.read');

INSERT INTO role_permissions (role_code, permission_code) VALUES
  ('leader', 'bulletin.generate'), ('leader', 'bulletin.read'),
  ('project_chief', 'bulletin.read'),
  ('chain_chief', 'bulletin.read'),
  ('auditor', 'bulletin.read');
