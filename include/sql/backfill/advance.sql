-- A chunk is committed: move on (in the chunk's own transaction); done at the window's end.
UPDATE amazon.backfill
SET next_start = %(chunk_end)s,
    chunks_done = chunks_done + 1,
    orders = orders + %(orders)s,
    state = CASE WHEN %(chunk_end)s >= window_end THEN 'done' ELSE 'running' END,
    updated_at = now()
WHERE backfill_id = %(backfill_id)s AND next_start = %(chunk_start)s
