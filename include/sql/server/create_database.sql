-- {name}: an identifier composed by the caller (psycopg2.sql), never text pasted in.
CREATE DATABASE {name}
