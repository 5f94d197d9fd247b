-- A store's operator message for a cause: opened, or (still open) touched with the latest wording.
INSERT INTO amazon.operator_message AS m (store_id, cause, severity, text)
VALUES (%(store_id)s, %(cause)s, %(severity)s, %(text)s)
ON CONFLICT (store_id, cause) WHERE resolved_at IS NULL
DO UPDATE SET severity = EXCLUDED.severity, text = EXCLUDED.text, last_seen_at = now()
RETURNING message_id, alerted_at
