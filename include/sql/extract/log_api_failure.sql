INSERT INTO amazon.api_call_log (store_id, operation, status, error_code, message, run_key, attempt, gave_up)
VALUES (%(store_id)s, %(operation)s, %(status)s, %(error_code)s, %(message)s, %(run_key)s, %(attempt)s,
        %(gave_up)s)
