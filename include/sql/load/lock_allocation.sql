-- One loading batch at a time across all runs and stores: stock allocation and order
-- creation are serialised, so overlapping runs can neither oversell nor deadlock.
SELECT pg_advisory_xact_lock(7204312)
