-- What operators are told about their payments (POST to their webhook, signed): one row per
-- settled payment, written from the "payments" stream in the transaction that settled it (an
-- outbox), then delivered with retries; every attempt is kept (the delivery log).
create table payment_notifications (
    id bigint generated always as identity primary key,
    stream_event_id bigint not null unique,
    oprid text not null,
    payment_id text not null,
    event text not null,
    payload jsonb not null,
    created_at timestamptz not null,
    next_attempt_at timestamptz not null,
    attempts integer not null default 0,
    delivered_at timestamptz,
    abandoned_at timestamptz,
    last_status integer,
    last_error text
);

create index payment_notifications_due on payment_notifications (next_attempt_at) where delivered_at is null and abandoned_at is null;
create index payment_notifications_by_payment on payment_notifications (oprid, payment_id);

create table payment_notification_attempts (
    notification_id bigint not null references payment_notifications (id),
    attempt integer not null,
    at timestamptz not null,
    status integer,
    error text,
    duration_ms integer not null,
    primary key (notification_id, attempt)
);
