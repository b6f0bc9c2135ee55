-- ANALYZE of the two append-only logs samples 3,000 rows instead of 30,000.
--
-- ANALYZE reads a random sample of 300 rows per unit of statistics target (default 100). On the
-- stream log and the betting event store most of its time is reading and copying those rows, each
-- with a payload of about 1.4 KB, not computing the statistics: on 300,000 such rows one ANALYZE
-- took about 0.5 to 0.7 s, and 30 ms with a target of 10 (without the payload's own statistics
-- alone it did not change). Under a steady write load autovacuum analyzes each of them about once
-- a minute (docs/benchmarks.md, sixth session). Every query on these tables is an index lookup or
-- an index range (by id, by delivery position, an operator over time, a player's replay), for
-- which ten histogram buckets are enough. grain_state keeps the default: its grouped reads join
-- an array of keys to it, and a poor estimate there could turn the join into a scan.
do $$
declare
    col record;
begin
    for col in
        select c.relname, a.attname
        from pg_attribute a join pg_class c on c.oid = a.attrelid
        where c.relname in ('stream_events', 'betting_events') and c.relnamespace = current_schema()::regnamespace
          and a.attnum > 0 and not a.attisdropped
    loop
        -- On the partitioned table this reaches the partitions that exist.
        execute format('alter table %I alter column %I set statistics 10', col.relname, col.attname);
    end loop;
end;
$$;

-- A partition created later does not inherit its parent's statistics targets (unlike its
-- compression), so each monthly partition gets those that differ from its parent's. Idempotent:
-- a partition that exists with the right targets is left alone (no lock taken).
create or replace function lottopar_ensure_monthly_partitions(parent text, first_month date, months integer) returns void
language plpgsql as $$
declare
    month_start date;
    partition_name text;
    col record;
begin
    for i in 0 .. months - 1 loop
        month_start := (date_trunc('month', first_month) + make_interval(months => i))::date;
        partition_name := parent || '_' || to_char(month_start, 'YYYY_MM');
        execute format('create table if not exists %I partition of %I for values from (%L) to (%L)',
            partition_name, parent, month_start, (month_start + interval '1 month')::date);
        for col in
            select p.attname, p.attstattarget
            from pg_attribute p
            join pg_attribute c on c.attrelid = to_regclass(quote_ident(partition_name)) and c.attname = p.attname
            where p.attrelid = to_regclass(quote_ident(parent)) and p.attnum > 0 and not p.attisdropped
              and p.attstattarget >= 0 and c.attstattarget <> p.attstattarget
        loop
            execute format('alter table %I alter column %I set statistics %s', partition_name, col.attname, col.attstattarget);
        end loop;
    end loop;
end;
$$;
