-- Alerts: a blocker is announced once. `alerted_at` is set when the alert naming it was sent;
-- a blocker opened again later (a new row) is announced again.
ALTER TABLE amazon.blocker ADD COLUMN alerted_at timestamptz;
CREATE INDEX blocker_to_alert ON amazon.blocker (blocker_id) WHERE resolved_at IS NULL AND alerted_at IS NULL;
