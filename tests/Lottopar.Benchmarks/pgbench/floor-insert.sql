select (select v::text from payloads where k='ev') as ev \gset
insert into benchmark_floor (oprid, received_at, body) values ('OPR0001', now(), :ev::jsonb) returning id;
