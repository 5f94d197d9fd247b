-- The money parts bench/synthetic.py does not give stay NULL, which amazon.order_item_money reads as zero.
COPY amazon.order_item (amazon_order_id, order_item_id, seller_sku, asin, quantity_ordered, quantity_shipped,
                        item_price, currency, item_tax, shipping_price, shipping_tax, promotion_discount,
                        promotion_discount_tax, tax_collection_model, tax_responsible_party, promotion_ids,
                        payload) FROM STDIN
