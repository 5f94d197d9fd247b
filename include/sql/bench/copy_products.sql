COPY commerce.catalog_product_entity (sku, name, price, status) FROM STDIN
