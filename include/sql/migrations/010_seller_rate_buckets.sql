-- Amazon's usage plans are a seller's, per operation, whichever process calls: the stores of
-- one seller (its marketplaces) and the import and reconcile DAGs all draw on the same
-- allowance. Each task's client takes its requests from the seller's bucket here, so tasks
-- running at once, on any worker, pace together instead of each at the full rate.
CREATE TABLE amazon.seller_rate_bucket (
    seller_id  text NOT NULL,
    operation  text NOT NULL,
    rate       float8 NOT NULL CHECK (rate > 0),   -- requests a second (time-scaled in tests)
    burst      float8 NOT NULL CHECK (burst >= 1),
    tokens     float8 NOT NULL,                    -- below zero: requests already promised
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (seller_id, operation)
);
