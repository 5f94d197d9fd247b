-- Commerce's customer groups, to name them when a store's customer_group_id is none of them.
SELECT customer_group_id, customer_group_code FROM commerce.customer_group ORDER BY customer_group_id
