-- When the buyer's personal data was last removed from an order's raw copies (its payload, its
-- items' payloads, its typed address and email) and from a stored SP-API answer. An order fetched
-- again since (fetched_at later) carries it again, and is cleaned again.
ALTER TABLE amazon."order" ADD COLUMN personal_data_removed_at timestamptz;
ALTER TABLE amazon.api_response ADD COLUMN personal_data_removed_at timestamptz;
CREATE INDEX api_response_with_personal_data ON amazon.api_response (response_id)
    WHERE personal_data_removed_at IS NULL;
