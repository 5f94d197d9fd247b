-- The package's tables: the floor copies again whatever rows a run wrote into them.
SELECT table_schema AS schema, table_name AS name
FROM information_schema.tables
WHERE table_schema IN ('amazon', 'commerce') AND table_type = 'BASE TABLE'
ORDER BY table_schema, table_name
