-- One loading batch at a time across all runs and stores: stock allocation and order
-- creation are serialised, so overlapping runs can neither oversell nor deadlock.
SELECT commerce.lock_allocation()
