-- A mark the batch returns to when its reservations oversold: they are undone, the rest kept.
SAVEPOINT allocation
