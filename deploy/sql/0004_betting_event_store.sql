-- The betting event store: every accepted betting event, as the regulator's record, for years.
-- Rows are written by the bet slip grain in the same statement as its state and its "betting"
-- stream event (a stream archive, see PostgresGrainStorage). Append-only.
--
-- Index plan, for the reads it serves:
--   by id (GET /betting-events/{id}): (event_id, received_at). The id is a UUIDv7 whose timestamp
--     is received_at's millisecond, so the lookup names the partition too;
--   an operator's events over time (reports, integrity): (oprid, received_at);
--   a player's events in order (the player grain's replay after its snapshot): (cpf, player_sequence);
--   a slip's events: (oprid, bet_slip_id).
-- Monthly range partitions on received_at keep each index small and let old months be detached
-- to cheaper storage (or archived) without touching recent ones. Partitions are created ahead of
-- time by lottopar_ensure_monthly_partitions (called at silo start and daily); the default
-- partition only catches rows from a broken clock and should stay empty.
create table betting_events (
    stream_event_id bigint not null,
    event_id uuid not null,
    received_at timestamptz not null,
    oprid text not null,
    cpf text not null,
    player_sequence bigint not null,
    bet_slip_id text not null,
    event text not null,
    event_date timestamptz not null,
    flags text[] not null,
    payload jsonb not null
) partition by range (received_at);

create unique index betting_events_id on betting_events (event_id, received_at);
create index betting_events_operator on betting_events (oprid, received_at);
create index betting_events_player on betting_events (cpf, player_sequence);
create index betting_events_slip on betting_events (oprid, bet_slip_id);
create table betting_events_default partition of betting_events default;

create trigger betting_events_append_only before update or delete on betting_events for each row execute function lottopar_append_only();

-- Creates the monthly partitions of a range-partitioned table for the months from first_month on.
create function lottopar_ensure_monthly_partitions(parent text, first_month date, months integer) returns void
language plpgsql as $$
declare
    month_start date;
begin
    for i in 0 .. months - 1 loop
        month_start := (date_trunc('month', first_month) + make_interval(months => i))::date;
        execute format('create table if not exists %I partition of %I for values from (%L) to (%L)',
            parent || '_' || to_char(month_start, 'YYYY_MM'), parent, month_start, (month_start + interval '1 month')::date);
    end loop;
end;
$$;

select lottopar_ensure_monthly_partitions('betting_events', (now() - interval '1 month')::date, 4);

-- The floor of the betting-events benchmark (docs/benchmarks.md): what a plain service writes per
-- event, one row. Used only when Lottopar:Benchmarks:FloorEndpoint is on.
create table benchmark_floor (
    id bigint generated always as identity primary key,
    oprid text not null,
    received_at timestamptz not null,
    body jsonb not null
);
