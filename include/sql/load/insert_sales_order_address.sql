INSERT INTO commerce.sales_order_address (parent_id, address_type, firstname, lastname, street, city,
                                          region, postcode, country_id, email, telephone)
VALUES (%(parent_id)s, %(address_type)s, %(firstname)s, %(lastname)s, %(street)s, %(city)s, %(region)s,
        %(postcode)s, %(country_id)s, %(email)s, %(telephone)s)
