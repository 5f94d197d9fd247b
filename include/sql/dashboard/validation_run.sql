SELECT v.run_key, v.suite, v.success, v.lines, v.results, v.created_at, s.name AS store_name
FROM amazon.validation_run v
LEFT JOIN amazon.import_run r ON r.run_key = v.run_key
LEFT JOIN amazon.store s ON s.store_id = r.store_id
WHERE v.run_key = %(run_key)s
