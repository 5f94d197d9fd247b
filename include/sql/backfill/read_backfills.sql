SELECT backfill_id, window_start, window_end, next_start, state, chunks_done, orders
FROM amazon.backfill
WHERE store_id = %(store_id)s
ORDER BY backfill_id
