-- Issue #5, the ledger's name search at province scale: the first page of a common term is found by walking the
-- default order (last updated first) and testing each name on the way (projects.repo.ts walkedIds). With the
-- searched columns in this index the walk reads a few index pages and no table rows, where it read one table
-- page per project walked. Must run on PostgreSQL 15 and PGlite.
CREATE INDEX projects_live_updated_at_names_idx ON projects (updated_at, id)
  INCLUDE (name, name_pinyin, name_initials, code) WHERE deleted_at IS NULL;
