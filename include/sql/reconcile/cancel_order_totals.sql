-- An order Amazon canceled before anything of it shipped: all of it is canceled, in Commerce's
-- totals too (an order canceled in part is the item-cancellation issue's).
UPDATE commerce.sales_order so
SET total_canceled = so.grand_total, base_total_canceled = so.base_grand_total
WHERE so.entity_id = %(order_id)s
  AND NOT EXISTS (SELECT 1 FROM commerce.sales_order_item i WHERE i.order_id = so.entity_id AND i.qty_shipped > 0)
