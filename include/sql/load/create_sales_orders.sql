-- The batch's Commerce orders, numbered in purchase order, with their items, reservations
-- (merchant-fulfilled only: Amazon's own stock is not ours), addresses, status history and
-- Order Notes: one statement, each part built from the orders the first part created
-- (RETURNING), never re-read by id; returns the SKUs it reserved. An Amazon order that has
-- a Commerce order already is skipped by the unique ext_order_id and gets nothing else.
WITH batch AS (
    SELECT o.*, s.order_number_source, s.commerce_store_id, s.processing_status, s.customer_creation
    FROM amazon."order" o
    JOIN amazon.store s ON s.store_id = o.store_id
    WHERE o.amazon_order_id = ANY (%(order_ids)s) AND o.commerce_order_id IS NULL
), created AS (
    INSERT INTO commerce.sales_order (increment_id, ext_order_id, store_id, state, status, customer_id,
                                      customer_is_guest, customer_email, customer_firstname, customer_lastname,
                                      order_currency_code, subtotal, grand_total, total_qty_ordered)
    SELECT CASE WHEN o.order_number_source = 'amazon' THEN o.amazon_order_id
                ELSE lpad(nextval('commerce.sequence_order')::text, 9, '0') END,
           o.amazon_order_id,
           o.commerce_store_id,
           CASE WHEN o.fulfillment_channel = %(amazon_channel)s THEN %(complete)s ELSE %(processing)s END,
           CASE WHEN o.fulfillment_channel = %(amazon_channel)s THEN %(complete)s ELSE o.processing_status END,
           c.entity_id,
           c.entity_id IS NULL,
           o.buyer_email,
           split_part(o.buyer_name, ' ', 1),
           nullif(substr(o.buyer_name, length(split_part(o.buyer_name, ' ', 1)) + 2), ''),
           o.currency,
           lines.subtotal,
           coalesce(o.order_total, lines.subtotal),
           lines.qty
    FROM batch o
    JOIN LATERAL (SELECT sum(i.item_price) AS subtotal, sum(i.quantity_ordered) AS qty
                  FROM amazon.order_item i WHERE i.amazon_order_id = o.amazon_order_id) lines ON true
    LEFT JOIN commerce.customer_entity c ON o.customer_creation = 'create' AND c.email = o.buyer_email
    ORDER BY o.purchase_date, o.amazon_order_id
    ON CONFLICT (ext_order_id) DO NOTHING
    RETURNING entity_id, ext_order_id, increment_id, status
), linked AS (
    UPDATE amazon."order" o SET commerce_order_id = c.entity_id
    FROM created c
    WHERE o.amazon_order_id = c.ext_order_id
      AND o.amazon_order_id = ANY (%(order_ids)s)  -- the batch's rows by key, not a scan of all orders
), items AS (
    INSERT INTO commerce.sales_order_item (order_id, ext_order_item_id, product_id, sku, name, qty_ordered,
                                           qty_shipped, price, row_total)
    SELECT c.entity_id, i.order_item_id, p.entity_id, p.sku, p.name, i.quantity_ordered,
           CASE WHEN o.fulfillment_channel = %(amazon_channel)s THEN i.quantity_ordered ELSE 0 END,
           i.item_price / i.quantity_ordered, i.item_price
    FROM amazon.order_item i  -- by the batch's ids: an index range, not a scan of every item
    JOIN created c ON c.ext_order_id = i.amazon_order_id
    JOIN batch o ON o.amazon_order_id = c.ext_order_id
    JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
    JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
    WHERE i.amazon_order_id = ANY (%(order_ids)s)
    RETURNING order_id, sku, qty_ordered
), reservations AS (
    INSERT INTO commerce.inventory_reservation (sku, quantity, object_type, object_id, event)
    SELECT it.sku, -sum(it.qty_ordered), 'order', c.increment_id, 'order_placed'
    FROM items it
    JOIN created c ON c.entity_id = it.order_id
    JOIN batch o ON o.amazon_order_id = c.ext_order_id
    WHERE o.fulfillment_channel = %(merchant_channel)s
    GROUP BY it.sku, c.increment_id
    RETURNING sku
), addresses AS (  -- shipping and billing, from Amazon's shipping address when given (either version)
    INSERT INTO commerce.sales_order_address (parent_id, address_type, firstname, lastname, street, city, region,
                                              postcode, country_id, email, telephone)
    SELECT c.entity_id, kind.address_type,
           split_part(coalesce(o.ship_name, o.buyer_name), ' ', 1),
           nullif(substr(coalesce(o.ship_name, o.buyer_name),
                         length(split_part(coalesce(o.ship_name, o.buyer_name), ' ', 1)) + 2), ''),
           nullif(concat_ws(E'\n', o.ship_address_line1, o.ship_address_line2, o.ship_address_line3), ''),
           o.ship_city, o.ship_state, o.ship_postal_code, o.ship_country, o.buyer_email, o.ship_phone
    FROM created c
    JOIN batch o ON o.amazon_order_id = c.ext_order_id
    CROSS JOIN (VALUES ('shipping'), ('billing')) AS kind (address_type)
), histories AS (
    INSERT INTO commerce.sales_order_status_history (parent_id, status, comment)
    SELECT c.entity_id, c.status,
           'Imported from Amazon order ' || o.amazon_order_id || ' (' || o.order_status || ', '
           || o.fulfillment_channel || ')'
    FROM created c
    JOIN batch o ON o.amazon_order_id = c.ext_order_id
), events AS (
    INSERT INTO amazon.order_event (amazon_order_id, run_key, note)
    SELECT c.ext_order_id, %(run_key)s, 'Imported as Commerce order #' || c.increment_id || ' (' || c.status || ')'
    FROM created c
)
SELECT DISTINCT sku FROM reservations  -- the SKUs whose salable stock the batch took
