-- Connections of the package, other than this run's, in the middle of some work (in a
-- statement or a transaction): other runs validating, loading or reconciling right now.
-- Seller pacing's connections are not runs: a request's token is a millisecond's statement.
SELECT count(*) AS busy
FROM pg_stat_activity
WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()
  AND starts_with(application_name, %(prefix)s) AND application_name NOT IN (%(mine)s, %(pacing)s)
