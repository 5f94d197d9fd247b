-- One process migrates at a time (any constant works).
SELECT pg_advisory_xact_lock(7204311)
