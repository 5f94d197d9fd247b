-- Stock changes of a product are serialised on its catalog row (in SKU order: no deadlock).
SELECT sku FROM commerce.catalog_product_entity WHERE sku = ANY (%(skus)s) ORDER BY sku FOR UPDATE
