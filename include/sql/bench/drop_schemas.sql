DROP SCHEMA IF EXISTS amazon, commerce CASCADE;
DROP TABLE IF EXISTS public.amazon_orders_migration
