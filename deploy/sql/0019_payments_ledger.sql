-- The payments ledger (double entry, centavos): written from the "payments" stream in the same
-- transaction as the payment grain's state that published the movement. Each movement of a payment
-- balances (the grain's rules make it so; payments' tests check the table), and is written once.
create table ledger_entries (
    id bigint generated always as identity primary key,
    stream_event_id bigint not null,
    oprid text not null,
    payment_id text not null,
    movement text not null,
    kind text not null,
    account text not null,
    debit bigint not null check (debit >= 0),
    credit bigint not null check (credit >= 0),
    at timestamptz not null,
    check ((debit = 0) <> (credit = 0)),
    unique (payment_id, movement, account)
);

create index ledger_entries_by_operator on ledger_entries (oprid, at);
