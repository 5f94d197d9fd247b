-- Each step adds its counts to the run's row (a retried step overwrites its own keys).
INSERT INTO amazon.import_run AS r (run_key, store_id, counts)
VALUES (%(run_key)s, %(store_id)s, %(counts)s)
ON CONFLICT (run_key) DO UPDATE SET counts = r.counts || EXCLUDED.counts
RETURNING counts
