-- The orders' copies without the buyer's data: the payload as cleaned, the email and the address
-- but its state and country (kept for regional figures) cleared; buyer_name stays for the grid.
UPDATE amazon."order" o
SET payload = v.payload::jsonb, buyer_email = NULL, ship_name = NULL, ship_address_line1 = NULL,
    ship_address_line2 = NULL, ship_address_line3 = NULL, ship_city = NULL, ship_district = NULL,
    ship_postal_code = NULL, ship_phone = NULL, personal_data_removed_at = now()
FROM (VALUES %s) AS v (amazon_order_id, payload)
WHERE o.amazon_order_id = v.amazon_order_id
