-- Each reconciliation of an operator's day against its PSP's own list of received PIX: the two
-- sides' counts and totals, and every difference found (kept, never overwritten: each run a row).
create table payment_reconciliations (
    id bigint generated always as identity primary key,
    oprid text not null,
    day date not null,
    ran_at timestamptz not null,
    ran_by text not null,
    psp_count integer not null,
    psp_total bigint not null,
    platform_count integer not null,
    platform_total bigint not null,
    differences jsonb not null
);

create index payment_reconciliations_by_operator on payment_reconciliations (oprid, day);
