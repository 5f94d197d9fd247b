-- The counts a store's steps added to its run so far (none yet: no row).
SELECT r.counts, s.name AS store_name
FROM amazon.store s
LEFT JOIN amazon.import_run r ON r.run_key = %(run_key)s
WHERE s.store_id = %(store_id)s
