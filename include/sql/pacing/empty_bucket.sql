-- Amazon answered 429: the bucket was fuller than Amazon's, so nobody draws on it until a
-- token has refilled.
UPDATE amazon.seller_rate_bucket
SET tokens = least(tokens, 0)
WHERE seller_id = %(seller_id)s AND operation = %(operation)s
