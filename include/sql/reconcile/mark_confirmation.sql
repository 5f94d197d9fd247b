UPDATE amazon.shipment_confirmation
SET state = %(state)s, attempts = attempts + 1, last_error = %(last_error)s,
    confirmed_at = CASE WHEN %(state)s = 'confirmed' THEN now() END
WHERE shipment_id = %(shipment_id)s AND state <> 'confirmed'
