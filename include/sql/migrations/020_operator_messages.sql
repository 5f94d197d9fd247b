-- Messages for the operator about a store's access to Amazon: credentials Amazon refused
-- (a rotated-away client secret, a revoked or expired seller authorisation), a role the
-- application lacks, and credentials about to reach Amazon's limits (client secrets every
-- 180 days, seller authorisations every 365). One open message per store and cause: seen
-- again, it is only touched; resolved when the store's next call to Amazon succeeds (or the
-- dates move). Each is emailed once (alerted_at) and shown among the system messages.
CREATE TABLE amazon.operator_message (
    message_id    bigserial PRIMARY KEY,
    store_id      integer NOT NULL REFERENCES amazon.store,
    cause         text NOT NULL CHECK (cause IN ('invalid_client', 'invalid_grant', 'missing_role',
                                                 'client_secret_expiring', 'authorization_expiring')),
    severity      text NOT NULL CHECK (severity IN ('critical', 'major', 'minor')),
    text          text NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    alerted_at    timestamptz,
    resolved_at   timestamptz
);
CREATE UNIQUE INDEX operator_message_open ON amazon.operator_message (store_id, cause) WHERE resolved_at IS NULL;

-- The system messages: the blockers' one message (as before), then each open operator message.
CREATE OR REPLACE VIEW amazon.system_messages AS
SELECT 'amazon_orders_not_imported' AS identity,
       'major' AS severity,
       'Your Amazon store(s) has orders that cannot be imported into Commerce. '
           || 'See Recent Orders in the store dashboard(s): '
           || string_agg(DISTINCT store_name, ', ' ORDER BY store_name) AS text,
       min(first_seen_at) AS created_at
FROM amazon.open_blockers
HAVING count(*) > 0
UNION ALL
SELECT 'amazon_' || m.cause || '_store_' || m.store_id, m.severity, m.text, m.first_seen_at
FROM amazon.operator_message m
WHERE m.resolved_at IS NULL;
