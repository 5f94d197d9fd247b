UPDATE amazon.operator_message SET alerted_at = now() WHERE message_id = %(message_id)s
