-- The re-sweeps a committed walk covered (it reached back at least as far as each).
INSERT INTO amazon.resweep AS d (store_id, resweep, done_at)
SELECT s.store_id, r.resweep, %(now)s
FROM unnest(%(store_ids)s::integer[]) AS s(store_id),
     unnest(%(resweeps)s::text[], %(reaches)s::interval[]) AS r(resweep, reach)
WHERE %(reached)s <= %(now)s - r.reach
ON CONFLICT (store_id, resweep) DO UPDATE SET done_at = EXCLUDED.done_at
WHERE EXCLUDED.done_at > d.done_at
