-- A new backfill, unless one is running for the store already (then that one is resumed).
INSERT INTO amazon.backfill (store_id, window_start, window_end, chunk, next_start, run_key)
VALUES (%(store_id)s, %(window_start)s, %(window_end)s, %(chunk)s, %(window_start)s, %(run_key)s)
ON CONFLICT (store_id) WHERE state = 'running' DO NOTHING
