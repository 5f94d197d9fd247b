-- The Commerce store view a store's orders go to, added when the world names a new one.
INSERT INTO commerce.store (code, name) VALUES (%(store_view)s, %(store_view)s)
ON CONFLICT (code) DO NOTHING
