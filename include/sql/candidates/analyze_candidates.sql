-- Fresh planner statistics for the candidate set a large run's validation and load join on
-- (autovacuum has not seen it yet; stale counts turn those joins into nested loops).
ANALYZE amazon.import_candidate
