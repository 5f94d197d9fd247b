SELECT name FROM public.amazon_orders_migration
