-- Shipping and billing address of each new order, from Amazon's ShippingAddress when given.
INSERT INTO commerce.sales_order_address (parent_id, address_type, firstname, lastname, street, city, region,
                                          postcode, country_id, email, telephone)
SELECT o.commerce_order_id, kind.address_type,
       split_part(coalesce(a ->> 'Name', o.buyer_name), ' ', 1),
       nullif(substr(coalesce(a ->> 'Name', o.buyer_name),
                     length(split_part(coalesce(a ->> 'Name', o.buyer_name), ' ', 1)) + 2), ''),
       nullif(concat_ws(E'\n', a ->> 'AddressLine1', a ->> 'AddressLine2', a ->> 'AddressLine3'), ''),
       a ->> 'City', a ->> 'StateOrRegion', a ->> 'PostalCode', a ->> 'CountryCode', o.buyer_email, a ->> 'Phone'
FROM amazon."order" o
CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(o.payload -> 'ShippingAddress') = 'object'
                                THEN o.payload -> 'ShippingAddress' END AS a) address
CROSS JOIN (VALUES ('shipping'), ('billing')) AS kind (address_type)
WHERE o.amazon_order_id = ANY (%(order_ids)s) AND o.commerce_order_id IS NOT NULL
ON CONFLICT (parent_id, address_type) DO NOTHING
