-- The generated world as a live store has it: planner statistics, and vacuumed (visibility
-- map, hint bits), so autovacuum does not start on the bulk load in the middle of a measurement.
VACUUM (ANALYZE)
