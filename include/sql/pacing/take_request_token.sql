-- One request of a seller's operation: refill the seller's bucket for the time since it was
-- last drawn on, take a token, and say how long to wait for it. A token taken before it has
-- refilled is a promise: callers at once queue behind each other, each waiting its turn.
-- The rate is the caller's (a plan Amazon reported in x-amzn-RateLimit-Limit replaces it).
INSERT INTO amazon.seller_rate_bucket AS b (seller_id, operation, rate, burst, tokens, updated_at)
VALUES (%(seller_id)s, %(operation)s, %(rate)s, %(burst)s, %(burst)s - 1, clock_timestamp())
ON CONFLICT (seller_id, operation) DO UPDATE
SET tokens = least(EXCLUDED.burst, b.tokens + extract(epoch FROM clock_timestamp() - b.updated_at) * b.rate) - 1,
    rate = EXCLUDED.rate,
    burst = EXCLUDED.burst,
    updated_at = clock_timestamp()
RETURNING greatest(0, -b.tokens / b.rate) AS wait_seconds
