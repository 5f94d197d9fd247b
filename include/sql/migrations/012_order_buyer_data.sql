-- Whether an order's stored copy carries the buyer's data (it was fetched with a Restricted
-- Data Token). A view-only store's orders do not: when the store starts importing, they are
-- fetched again before they can be imported, never imported without an address.
-- An order Amazon refused to send again goes to the back of that queue, so it never holds up
-- the others.
ALTER TABLE amazon."order" ADD COLUMN buyer_data boolean NOT NULL DEFAULT true,
                           ADD COLUMN refetch_refused_at timestamptz;
UPDATE amazon."order" o SET buyer_data = false
FROM amazon.store s
WHERE s.store_id = o.store_id AND NOT s.import_enabled;
