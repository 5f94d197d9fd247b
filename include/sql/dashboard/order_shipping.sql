-- Where the order ships: the Commerce order's shipping address, else Amazon's (when sent).
SELECT 'commerce' AS source, a.firstname, a.lastname, a.street, a.city, a.region, a.postcode, a.country_id
FROM amazon."order" o
JOIN commerce.sales_order_address a ON a.parent_id = o.commerce_order_id AND a.address_type = 'shipping'
WHERE o.amazon_order_id = %(amazon_order_id)s
UNION ALL
SELECT 'amazon', NULL, NULL,
       concat_ws(', ', o.payload -> 'ShippingAddress' ->> 'AddressLine1', o.payload -> 'ShippingAddress' ->> 'AddressLine2'),
       o.payload -> 'ShippingAddress' ->> 'City', o.payload -> 'ShippingAddress' ->> 'StateOrRegion',
       o.payload -> 'ShippingAddress' ->> 'PostalCode', o.payload -> 'ShippingAddress' ->> 'CountryCode'
FROM amazon."order" o
WHERE o.amazon_order_id = %(amazon_order_id)s
  AND o.commerce_order_id IS NULL
  AND o.payload ? 'ShippingAddress'
