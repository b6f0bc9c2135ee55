-- Each operator's activity per Brasília day, so that reports over months read a row per operator and
-- day instead of scanning events. Money in centavos; bets and the counts are numbers of events or
-- payments. Kept by two stream projections (silo/Projections/OperatorActivityProjection.cs): bets,
-- stakes, bonuses and winnings from the "betting" stream by the day of event_date; deposits,
-- withdrawals (less returned payouts, on the day of the return) and refunds from the "payments" stream
-- by the day of settlement. A day without activity has no row.
create table operator_daily_activity (
    oprid text not null,
    day date not null,
    bets bigint not null default 0,
    stakes bigint not null default 0,
    bonuses bigint not null default 0,
    winnings bigint not null default 0,
    deposits bigint not null default 0,
    deposit_count bigint not null default 0,
    withdrawals bigint not null default 0,
    withdrawal_count bigint not null default 0,
    refunds bigint not null default 0,
    primary key (oprid, day)
);

-- Every operator's day (the back office's "today").
create index operator_daily_activity_by_day on operator_daily_activity (day);

-- The last event a projection applied, per stream. A projection that sums (rather than inserting a
-- row per event) moves it in the transaction that applies a batch, holding the row's lock, and skips
-- the events at or below it: delivery is at least once, and this is what makes a sum exact.
create table stream_projection_positions (
    projection text not null,
    stream_namespace text not null,
    stream_key text not null,
    tx_id bigint not null,
    event_id bigint not null,
    primary key (projection, stream_namespace, stream_key)
);
