-- The re-sweeps due for a walk: those that any of its stores has not had for their period.
SELECT r.resweep
FROM unnest(%(resweeps)s::text[], %(everys)s::interval[]) AS r(resweep, every)
WHERE EXISTS (SELECT 1
              FROM unnest(%(store_ids)s::integer[]) AS s(store_id)
              LEFT JOIN amazon.resweep d ON d.store_id = s.store_id AND d.resweep = r.resweep
              WHERE d.done_at IS NULL OR d.done_at <= %(now)s - r.every)
