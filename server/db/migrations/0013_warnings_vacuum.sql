-- Issue #5, warning lights at province scale (after 0012, which had already been applied to benchmark copies).
-- The warning list's counts and pages are read from indexes alone where the visibility map says a page of lights
-- is all-visible. Lights are rewritten all day (a read recomputes the changed ones), and each rewrite clears its
-- page's bit until a vacuum: vacuum after 1 % of the lights changed rather than the default 20 %. (The day's full
-- pass vacuums at its end, see warnings.service.ts VACUUM_AFTER.) Must run on PostgreSQL 15 and PGlite.
ALTER TABLE project_warnings SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 500);
