-- (stock, SKU) pairs whose salable stock is below zero now that the batch has reserved: another
-- run took stock since validation, so the batch is done again the careful way (in purchase
-- order). A product that allows backorders may go below zero.
SELECT ss.stock_id, ss.sku
FROM unnest(%(stock_ids)s::integer[], %(skus)s::text[]) AS taken (stock_id, sku)
JOIN commerce.salable_stock ss ON ss.stock_id = taken.stock_id AND ss.sku = taken.sku
WHERE ss.quantity < 0 AND ss.manage_stock AND ss.backorders = 0
