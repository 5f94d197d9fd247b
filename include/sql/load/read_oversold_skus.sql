-- SKUs whose salable stock is below zero now that the batch has reserved: another run took
-- stock since validation, so the batch is done again the careful way (in purchase order).
SELECT sku FROM commerce.salable_stock WHERE sku = ANY (%(skus)s) AND quantity < 0
