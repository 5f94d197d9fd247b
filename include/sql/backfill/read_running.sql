SELECT backfill_id, store_id, window_start, window_end, chunk, next_start, chunks_done, orders, run_key
FROM amazon.backfill
WHERE store_id = %(store_id)s AND state = 'running'
