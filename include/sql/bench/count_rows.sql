SELECT count(*) AS n FROM {table}
