\set r random(1, 2000000000)
select (select v::text from payloads where k='ev') as ev, (select v::text from payloads where k='st') as st, gen_random_uuid()::text as id \gset
with written as (
  insert into grain_state (grain_type, grain_key, version, state, updated_at)
  values ('bet_slip', 'OPR0001/' || :client_id || '-' || :r, 1, :st::jsonb, now())
  on conflict (grain_type, grain_key) do nothing returning version),
published as (
  insert into stream_events (partition, stream_namespace, stream_key, event_type, payload, published_at, publisher_type, publisher_key)
  select e.partition, e.stream_namespace, e.stream_key, e.event_type, jsonb_set(e.payload, '{eventId}', to_jsonb(gen_random_uuid()::text)), e.published_at, 'bet_slip', 'k'
  from unnest(array[3]::smallint[], array['betting']::text[], array['OPR0001']::text[], array['BettingEventRecord']::text[], array[:ev::jsonb]::jsonb[], array[now()]::timestamptz[])
    with ordinality as e(partition, stream_namespace, stream_key, event_type, payload, published_at, n)
  where exists (select 1 from written) order by e.n
  returning id, tx_id, stream_namespace, stream_key, event_type, payload, published_at, publisher_type, publisher_key),
archived_0 as (
  insert into betting_events (stream_event_id, event_id, received_at, oprid, cpf, player_sequence, bet_slip_id, event, event_date, flags, payload)
  select p.id, (p.payload->>'eventId')::uuid, (p.payload->>'receivedAt')::timestamptz, p.payload->>'oprid', p.payload->>'cpf',
         (p.payload->>'playerSequence')::bigint, p.payload->'event'->>'betSlipId', p.payload->'event'->>'event',
         (p.payload->'event'->>'eventDate')::timestamptz, array(select jsonb_array_elements_text(p.payload->'flags')), p.payload
  from published p where p.stream_namespace = 'betting')
select version from written;
