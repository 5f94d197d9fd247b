INSERT INTO public.amazon_orders_migration (name) VALUES (%(name)s)
