-- The virtual-actor runtime: grain state, the stream log with delivery checkpoints and dead
-- letters, and durable reminders. See docs/architecture.md for the guarantees built on these.

-- One row per grain that ever wrote state. "version" is the ETag: every write names the version it
-- read and fails if the row moved on. A cleared state keeps its row (state null) so the version
-- never goes back. Fillfactor leaves room for HOT updates: a state write touches no indexed column.
create table grain_state (
    grain_type text not null,
    grain_key text not null,
    version bigint not null check (version > 0),
    state jsonb,
    updated_at timestamptz not null,
    primary key (grain_type, grain_key)
) with (fillfactor = 80);

-- The durable stream log (outbox). Rows commit in the same transaction as the publishing grain's
-- state. tx_id is the writing transaction; readers deliver in (tx_id, id) order and only rows
-- whose transaction is older than every running one (see PostgresStreamLog).
create table stream_events (
    id bigint generated always as identity primary key,
    tx_id bigint not null default (pg_current_xact_id()::text::bigint),
    partition smallint not null check (partition >= 0 and partition < 16),
    stream_namespace text not null,
    stream_key text not null,
    event_type text not null,
    payload jsonb not null,
    published_at timestamptz not null,
    publisher_type text not null,
    publisher_key text not null
);

create index stream_events_delivery on stream_events (stream_namespace, partition, tx_id, id);

-- How far each subscription has delivered each partition. Only ever moves forward.
create table stream_checkpoints (
    subscription text not null,
    partition smallint not null,
    tx_id bigint not null,
    event_id bigint not null,
    updated_at timestamptz not null,
    primary key (subscription, partition)
);

-- Events a subscription gave up on after its retries, kept for inspection and replay.
create table stream_dead_letters (
    subscription text not null,
    event_id bigint not null references stream_events (id),
    stream_namespace text not null,
    stream_key text not null,
    error text not null,
    attempts integer not null,
    failed_at timestamptz not null,
    primary key (subscription, event_id)
);

-- Durable reminders. tick_due_at is the tick to fire (always on the grid first_due_at + k * period);
-- next_due_at is when to try it: the same, or later while a failed tick waits for its retry.
-- A silo firing one holds a lease (owner, until); another silo may take it only after the lease
-- ends. "version" changes on every registration so that a tick finishing late never overwrites
-- a newer registration.
create table grain_reminders (
    grain_type text not null,
    grain_key text not null,
    name text not null,
    first_due_at timestamptz not null,
    period_ms bigint check (period_ms is null or period_ms > 0),
    tick_due_at timestamptz not null,
    next_due_at timestamptz not null,
    version bigint not null,
    failures integer not null default 0,
    lease_owner text,
    lease_until timestamptz,
    last_fired_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (grain_type, grain_key, name)
);

create index grain_reminders_due on grain_reminders (next_due_at);
