INSERT INTO amazon.validation_run (run_key, suite, success, lines, results)
VALUES (%(run_key)s, %(suite)s, %(success)s, %(lines)s, %(results)s)
ON CONFLICT (run_key) DO UPDATE
SET suite = EXCLUDED.suite, success = EXCLUDED.success, lines = EXCLUDED.lines,
    results = EXCLUDED.results, created_at = now()
