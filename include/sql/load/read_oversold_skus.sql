-- (stock, SKU) pairs whose salable stock is below zero now that the batch has reserved: another
-- run took stock since validation, so the batch is done again the careful way (in purchase
-- order). A product that allows backorders may go below zero.
SELECT ss.stock_id, ss.sku
FROM commerce.salable_stock ss
JOIN unnest(%(stock_ids)s::integer[], %(skus)s::text[]) AS taken (stock_id, sku)
    ON taken.stock_id = ss.stock_id AND taken.sku = ss.sku
WHERE ss.sku = ANY (%(skus)s) AND ss.quantity < 0 AND ss.manage_stock AND ss.backorders = 0
