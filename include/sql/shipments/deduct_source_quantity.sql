-- Shipping takes the goods off the shelf (the reservation is compensated beside it).
UPDATE commerce.inventory_source_item SET quantity = quantity - %(qty)s
WHERE source_code = 'default' AND sku = %(sku)s
