-- A buyer's account is found again by email.
INSERT INTO commerce.customer_entity (email, firstname, lastname)
VALUES (%(email)s, %(firstname)s, %(lastname)s)
ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email
RETURNING entity_id
