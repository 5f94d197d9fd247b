-- A sold item keeps its product id, name and SKU after the product is deleted, as in
-- Magento, whose sales_order_item has no foreign key to the catalog. The key also cost a
-- lookup per line in the load's hot statement.
ALTER TABLE commerce.sales_order_item DROP CONSTRAINT sales_order_item_product_id_fkey;
