-- Amazon's ORDER_CHANGE notifications (through SQS), each kept once by its NotificationId: Amazon
-- delivers at least once, so a second copy finds its row and is dropped. A notification no newer
-- than the stored copy of its order is stale; the others are fetched (getOrder) by the run that
-- received them. No buyer data: a notification carries none, and only its keys are kept.
CREATE TABLE amazon.order_notification (
    notification_id      text PRIMARY KEY,
    seller_id            text NOT NULL,
    marketplace_id       text,
    amazon_order_id      text NOT NULL,
    store_id             integer REFERENCES amazon.store,
    order_change_type    text,
    time_of_order_change timestamptz,
    published_at         timestamptz,
    dag_run_id           text NOT NULL,
    received_at          timestamptz NOT NULL DEFAULT now(),
    outcome              text NOT NULL CHECK (outcome IN
        ('fetch', 'fetched', 'stale', 'not_found', 'unknown_store', 'view_only'))
);
CREATE INDEX ON amazon.order_notification (dag_run_id, store_id);
CREATE INDEX ON amazon.order_notification (received_at);
