-- Fresh planner statistics for the failures a large run just wrote (load and record
-- anti-join the candidates against them).
ANALYZE amazon.validation_failure
