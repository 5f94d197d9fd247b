-- A fixed piece of server work (executor and aggregation, no table): the machine's speed today.
SELECT count(*) AS n FROM generate_series(1, %(n)s)
