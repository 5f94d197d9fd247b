-- What a dry run would have blocked: orders per reason among the run's validation failures.
SELECT f.reason, count(DISTINCT f.amazon_order_id) AS orders
FROM amazon.validation_failure f
WHERE f.run_key = %(run_key)s
GROUP BY f.reason
ORDER BY f.reason
