-- The Communication Errors log (amazon.api_call_log) says which run and attempt failed and whether
-- the call gave up; still no personal data: operation, HTTP status, Amazon's error code and message.
ALTER TABLE amazon.api_call_log
    ADD COLUMN run_key text,
    ADD COLUMN attempt integer,
    ADD COLUMN gave_up boolean NOT NULL DEFAULT false;
CREATE INDEX ON amazon.api_call_log (store_id, logged_at);

-- A manual backfill: a window of purchase dates pulled in bounded chunks. Each chunk's orders and
-- next_start commit together, so a failed backfill resumes at its first uncommitted chunk.
CREATE TABLE amazon.backfill (
    backfill_id  bigserial PRIMARY KEY,
    store_id     integer NOT NULL REFERENCES amazon.store,
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    chunk        interval NOT NULL CHECK (chunk > interval '0'),
    next_start   timestamptz NOT NULL,
    state        text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done')),
    chunks_done  integer NOT NULL DEFAULT 0,
    orders       integer NOT NULL DEFAULT 0,
    run_key      text NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (window_start < window_end)
);
CREATE UNIQUE INDEX backfill_running_once ON amazon.backfill (store_id) WHERE state = 'running';
