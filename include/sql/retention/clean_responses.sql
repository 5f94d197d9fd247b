-- Answers as cleaned; `done` when every order in them is cleaned (others are looked at again).
UPDATE amazon.api_response r
SET body = v.body::jsonb, personal_data_removed_at = CASE WHEN v.done THEN now() END
FROM (VALUES %s) AS v (response_id, body, done)
WHERE r.response_id = v.response_id
