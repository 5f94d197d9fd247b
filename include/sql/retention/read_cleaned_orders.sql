-- Which of these orders have had their buyer's data removed (an answer about them may lose it too).
SELECT amazon_order_id FROM amazon."order"
WHERE amazon_order_id = ANY(%(order_ids)s) AND personal_data_removed_at IS NOT NULL
