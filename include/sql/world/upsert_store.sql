INSERT INTO amazon.store (name, seller_id, marketplace_id, integrated_at, import_enabled, order_number_source,
                          customer_creation, pending_orders, processing_status, listing_match,
                          commerce_store_id, prices_include_tax, marketplace_facilitator_tax, payment_method,
                          invoice_creation, shipping_methods, customer_group_id)
VALUES (%(name)s, %(seller_id)s, %(marketplace_id)s, %(integrated_at)s, %(import_enabled)s,
        %(order_number_source)s, %(customer_creation)s, %(pending_orders)s, %(processing_status)s, %(listing_match)s,
        (SELECT store_id FROM commerce.store WHERE code = %(store_view)s), %(prices_include_tax)s,
        %(marketplace_facilitator_tax)s, %(payment_method)s, %(invoice_creation)s, %(shipping_methods)s,
        %(customer_group_id)s)
ON CONFLICT (name) DO UPDATE
SET seller_id = EXCLUDED.seller_id, marketplace_id = EXCLUDED.marketplace_id,
    integrated_at = EXCLUDED.integrated_at, import_enabled = EXCLUDED.import_enabled,
    order_number_source = EXCLUDED.order_number_source, customer_creation = EXCLUDED.customer_creation,
    pending_orders = EXCLUDED.pending_orders, processing_status = EXCLUDED.processing_status,
    listing_match = EXCLUDED.listing_match, commerce_store_id = EXCLUDED.commerce_store_id,
    prices_include_tax = EXCLUDED.prices_include_tax,
    marketplace_facilitator_tax = EXCLUDED.marketplace_facilitator_tax, payment_method = EXCLUDED.payment_method,
    invoice_creation = EXCLUDED.invoice_creation, shipping_methods = EXCLUDED.shipping_methods,
    customer_group_id = EXCLUDED.customer_group_id, updated_at = now()
