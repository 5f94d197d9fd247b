-- The candidate lines as CSV: the query is validate/read_candidate_lines with its parameters
-- bound by the driver; SQL NULL is written as the caller says, so an empty string stays one.
COPY ({query}) TO STDOUT WITH (FORMAT csv, NULL '{null}')
