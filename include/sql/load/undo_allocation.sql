-- Undo the batch's orders and reservations since the mark (the allocation lock goes with them).
ROLLBACK TO SAVEPOINT allocation
