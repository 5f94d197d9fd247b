-- Candidates the suite passed, oldest purchase first, each row with how many there are.
SELECT c.amazon_order_id, c.action, count(*) OVER () AS importable
FROM amazon.import_candidate c
JOIN amazon."order" o USING (amazon_order_id)
WHERE c.run_key = %(run_key)s
  AND NOT EXISTS (SELECT 1 FROM amazon.validation_failure f
                  WHERE f.run_key = c.run_key AND f.amazon_order_id = c.amazon_order_id)
ORDER BY o.purchase_date, c.amazon_order_id
