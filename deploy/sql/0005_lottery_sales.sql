-- Lottery tickets sold through the webSale service (lottery-websale-spec.es.txt).
-- Rows are written by the lottery turn grain in the same statement as its state and its
-- "lottery" stream event (stream archives, see PostgresGrainStorage): a ticket exists exactly
-- when its sale committed. Status changes (cancelled, paid) arrive the same way.
--
-- Index plan, for the reads it serves:
--   by ticket number (cancellation, prize registration): unique ticket_number;
--   invoice numbers unique per POS (code 13): unique (provider_code, pos_code, invoice_number);
--   a provider's tickets after a given one (transaction check, operation 3): (provider_code, id),
--     "after" meaning registered later, which id (identity, in commit order per provider) gives;
--   a turn's sold amounts when its grain activates: (lottery_code, turn, sale_date).
create table lottery_tickets (
    id bigint generated always as identity primary key,
    ticket_number text not null unique,
    oprid text not null,
    provider_code integer not null,
    pos_code integer not null,
    invoice_number text not null,
    lottery_code text not null,
    turn integer not null,
    sale_date date not null,
    sold_at timestamptz not null,
    total_cents bigint not null check (total_cents > 0),
    lines jsonb not null,
    status text not null default 'sold' check (status in ('sold', 'cancelled', 'paid')),
    cancelled_at timestamptz,
    paid_at timestamptz,
    prize_cents bigint,
    stream_event_id bigint not null
);

create unique index lottery_tickets_invoice on lottery_tickets (provider_code, pos_code, invoice_number);
create index lottery_tickets_provider on lottery_tickets (provider_code, id);
create index lottery_tickets_turn on lottery_tickets (lottery_code, turn, sale_date);

-- The sequence part of ticket numbers (9 digits). It wraps after 999,999,999; a ticket number
-- also carries the date, provider and POS, and the unique index above is the final guard.
create sequence lottery_ticket_sequence maxvalue 999999999 cycle;
