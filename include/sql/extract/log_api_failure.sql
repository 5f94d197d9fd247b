INSERT INTO amazon.api_call_log (store_id, operation, status, error_code, message)
VALUES (%(store_id)s, %(operation)s, %(status)s, %(error_code)s, %(message)s)
