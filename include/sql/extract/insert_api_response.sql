INSERT INTO amazon.api_response (store_id, run_key, operation, params, status, body)
VALUES (%(store_id)s, %(run_key)s, %(operation)s, %(params)s, %(status)s, %(body)s)
