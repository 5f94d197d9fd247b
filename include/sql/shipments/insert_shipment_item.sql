INSERT INTO commerce.sales_shipment_item (parent_id, order_item_id, sku, qty)
VALUES (%(shipment_id)s, %(order_item_id)s, %(sku)s, %(qty)s)
