UPDATE amazon.blocker SET alerted_at = now()
WHERE blocker_id = ANY (%(blocker_ids)s) AND alerted_at IS NULL
