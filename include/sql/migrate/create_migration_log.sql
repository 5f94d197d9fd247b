-- The migrations applied to this database, by name.
CREATE TABLE IF NOT EXISTS public.amazon_orders_migration (
    name       text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
)
