-- The stores, with how many orders and open blockers each has.
SELECT s.store_id, s.name, s.import_enabled, s.integrated_at,
       (SELECT count(*) FROM amazon."order" o WHERE o.store_id = s.store_id) AS orders,
       (SELECT count(*) FROM amazon.open_blockers b WHERE b.store_id = s.store_id) AS open_blockers
FROM amazon.store s
ORDER BY s.name
