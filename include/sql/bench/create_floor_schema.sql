CREATE SCHEMA bench_floor
