-- The data quality report's index: each run's expectation suite result, newest first.
SELECT v.run_key, v.suite, v.success, v.lines, v.created_at, s.name AS store_name,
       (SELECT count(DISTINCT f.amazon_order_id) FROM amazon.validation_failure f
        WHERE f.run_key = v.run_key) AS failing_orders
FROM amazon.validation_run v
LEFT JOIN amazon.import_run r ON r.run_key = v.run_key
LEFT JOIN amazon.store s ON s.store_id = r.store_id
ORDER BY v.created_at DESC
LIMIT %(limit)s
