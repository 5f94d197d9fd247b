-- Each stock's products that hold or sold anything: what its sources hold, what it can still sell.
SELECT st.name AS stock, ss.sku, ss.quantity - coalesce(t.quantity, 0) AS on_the_shelves, ss.quantity AS salable
FROM commerce.salable_stock ss
JOIN commerce.inventory_stock st USING (stock_id)
LEFT JOIN commerce.inventory_reservation_total t ON t.stock_id = ss.stock_id AND t.sku = ss.sku
WHERE ss.quantity <> 0 OR coalesce(t.quantity, 0) <> 0
ORDER BY st.stock_id, ss.sku
