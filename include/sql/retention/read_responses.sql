-- Stored SP-API answers not yet cleaned of every order they carry, a batch at a time (an answer
-- about orders still open is looked at again by later runs).
SELECT response_id, body
FROM amazon.api_response
WHERE personal_data_removed_at IS NULL AND response_id > %(after)s
ORDER BY response_id
LIMIT %(batch)s
