INSERT INTO amazon.import_run (run_key, store_id) VALUES (%(run_key)s, %(store_id)s)
ON CONFLICT (run_key) DO NOTHING
