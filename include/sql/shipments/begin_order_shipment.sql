-- A mark an order's shipment returns to when it cannot be recorded, the others kept.
SAVEPOINT order_shipment
