-- The store's open messages of these causes are over (its call to Amazon succeeded, or the dates moved).
UPDATE amazon.operator_message SET resolved_at = now()
WHERE store_id = %(store_id)s AND cause = ANY(%(causes)s) AND resolved_at IS NULL
