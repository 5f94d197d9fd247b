-- A table of the same columns and nothing else: LIKE without INCLUDING copies no index, key,
-- check, default or trigger (NOT NULL only). Logged, as the real tables are: writing a row
-- durably includes its WAL.
CREATE TABLE {floor} (LIKE {table})
