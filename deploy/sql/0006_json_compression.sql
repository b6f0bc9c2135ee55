-- JSON columns are compressed with lz4 instead of PostgreSQL's default (pglz).
--
-- PostgreSQL compresses a value when its row is over about 2 KB: a multiple's betting event, a
-- bet slip with its history, a player's snapshot. Under the betting benchmark pglz took about 8% of
-- the database's CPU (docs/benchmarks.md); lz4 compresses JSON several times faster at a similar
-- ratio. Values already stored keep their compression; both are read transparently.
alter table grain_state alter column state set compression lz4;
alter table stream_events alter column payload set compression lz4;

-- On a partitioned table the setting reaches only partitions created afterwards, so the
-- existing ones (the default partition and the months already made) are altered one by one.
alter table betting_events alter column payload set compression lz4;
do $$
declare
    partition regclass;
begin
    for partition in select inhrelid::regclass from pg_inherits where inhparent = 'betting_events'::regclass loop
        execute format('alter table %s alter column payload set compression lz4', partition);
    end loop;
end;
$$;
