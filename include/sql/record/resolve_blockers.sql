-- A blocker is resolved when its order imported, is no longer importable (import disabled, or
-- a status it never imports at: canceled, unfulfillable, ...), or was checked in this run and
-- no longer fails for that reason.
UPDATE amazon.blocker b
SET resolved_at = now(), last_checked_at = now()
FROM amazon."order" o
JOIN amazon.store s ON s.store_id = o.store_id
WHERE b.amazon_order_id = o.amazon_order_id
  AND b.resolved_at IS NULL
  AND o.store_id = %(store_id)s
  AND (
        o.commerce_order_id IS NOT NULL
     OR NOT s.import_enabled
     OR o.order_status <> ALL (%(importable_at)s)
     OR (EXISTS (SELECT 1 FROM amazon.import_candidate c
                 WHERE c.run_key = %(run_key)s AND c.amazon_order_id = b.amazon_order_id)
         AND NOT EXISTS (SELECT 1 FROM amazon.validation_failure f
                         WHERE f.run_key = %(run_key)s AND f.amazon_order_id = b.amazon_order_id
                           AND f.order_item_id = b.order_item_id AND f.reason = b.reason))
  )
