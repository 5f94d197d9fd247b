COPY floor_line FROM STDIN
