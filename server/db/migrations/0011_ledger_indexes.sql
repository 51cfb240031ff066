-- Issue #5, the ledger and the coordination list at province scale (100,000 projects, 300,000 items): a page of
-- 20 is read along an index in the list's order instead of sorting every matching row to keep 20. Must run on
-- PostgreSQL 15 and PGlite.

-- The ledger sorts by one column and then by id (projects.repo.ts orderOf). For these NOT NULL columns an index
-- on (column, id) serves both directions; the default sort (updated_at) supersedes the index of 0001, which had
-- no id to break ties with and so could not give the order.
CREATE INDEX projects_updated_at_id_idx ON projects (updated_at, id);
CREATE INDEX projects_created_at_id_idx ON projects (created_at, id);
CREATE INDEX projects_total_investment_id_idx ON projects (total_investment, id);
CREATE INDEX projects_name_id_idx ON projects (name, id);
DROP INDEX projects_updated_at_idx;

-- The coordination list's order: open items first by nearest deadline, then the rest, newest first
-- (coordination.repo.ts findItems); the expression is written as the query writes it.
CREATE INDEX coordination_items_list_order_idx ON coordination_items (
  (CASE WHEN status IN ('pending', 'in_progress') THEN 0 ELSE 1 END), deadline, raised_at DESC, id
);
