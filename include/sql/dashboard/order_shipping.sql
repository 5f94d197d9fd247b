-- Where the order ships: the Commerce order's shipping address, else Amazon's (when sent).
SELECT 'commerce' AS source, a.firstname, a.lastname, a.street, a.city, a.region, a.postcode, a.country_id
FROM amazon."order" o
JOIN commerce.sales_order_address a ON a.parent_id = o.commerce_order_id AND a.address_type = 'shipping'
WHERE o.amazon_order_id = %(amazon_order_id)s
UNION ALL
SELECT 'amazon', NULL, NULL,
       concat_ws(', ', o.ship_address_line1, o.ship_address_line2),
       o.ship_city, o.ship_state, o.ship_postal_code, o.ship_country
FROM amazon."order" o
WHERE o.amazon_order_id = %(amazon_order_id)s
  AND o.commerce_order_id IS NULL
  AND num_nonnulls(o.ship_name, o.ship_address_line1, o.ship_address_line2, o.ship_address_line3, o.ship_city,
                   o.ship_district, o.ship_state, o.ship_postal_code, o.ship_country, o.ship_phone) > 0
