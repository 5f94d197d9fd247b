-- The floor: the same lines copied into a table with no index, no key, no check.
CREATE TEMPORARY TABLE floor_line (amazon_order_id text, order_item_id text, seller_sku text, qty int, price numeric)
