-- Planner statistics of the generated world, as autovacuum would have them on a live store.
ANALYZE
