-- Only forward: an overlapping older run never moves it back.
INSERT INTO amazon.watermark AS w (store_id, last_updated_before, run_key)
VALUES (%(store_id)s, %(last_updated_before)s, %(run_key)s)
ON CONFLICT (store_id) DO UPDATE
SET last_updated_before = EXCLUDED.last_updated_before, run_key = EXCLUDED.run_key, updated_at = now()
WHERE EXCLUDED.last_updated_before > w.last_updated_before
