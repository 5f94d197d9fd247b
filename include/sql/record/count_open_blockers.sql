SELECT reason, count(*) AS blockers FROM amazon.open_blockers WHERE store_id = %(store_id)s GROUP BY reason
