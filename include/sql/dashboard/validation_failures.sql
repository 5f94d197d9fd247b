SELECT amazon_order_id, order_item_id, reason, detail FROM amazon.validation_failure
WHERE run_key = %(run_key)s
ORDER BY amazon_order_id, order_item_id, reason
