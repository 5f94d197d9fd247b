-- A fixed piece of server work, CPU only (a set-returning function in the select list is
-- streamed; in FROM it would be stored first, spilling to disk): the machine's speed today.
SELECT sum(n) AS total FROM (SELECT generate_series(1, %(n)s) AS n) numbers
