-- Appending to the ledger twice for the same object and event is a no-op.
INSERT INTO commerce.inventory_reservation (sku, quantity, object_type, object_id, event)
VALUES (%(sku)s, %(quantity)s, %(object_type)s, %(object_id)s, %(event)s)
ON CONFLICT (object_type, object_id, sku, event) DO NOTHING
