SELECT coalesce((SELECT sum(quantity) FROM commerce.inventory_source_item WHERE sku = %(sku)s), 0)
     + coalesce((SELECT sum(quantity) FROM commerce.inventory_reservation WHERE sku = %(sku)s), 0) AS salable_qty
