-- What a dry run would have imported: the run's candidates for creation that passed every check.
SELECT count(*) AS orders
FROM amazon.import_candidate c
WHERE c.run_key = %(run_key)s
  AND c.action = 'create'
  AND NOT EXISTS (SELECT 1 FROM amazon.validation_failure f
                  WHERE f.run_key = c.run_key AND f.amazon_order_id = c.amazon_order_id)
