-- Everything the migrations made, gone (the tests' and the benchmark's own databases only).
DROP SCHEMA IF EXISTS amazon, commerce CASCADE;
DROP TABLE IF EXISTS public.amazon_orders_migration
