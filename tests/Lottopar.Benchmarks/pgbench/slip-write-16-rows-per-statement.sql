\set r random(1, 2000000000)
select (select v::text from payloads where k='ev') as ev, (select v::text from payloads where k='st') as st \gset
with input as (
  select g, :st::jsonb as st, :ev::jsonb as ev from generate_series(1,16) g),
written as (
  insert into grain_state (grain_type, grain_key, version, state, updated_at)
  select 'bet_slip', 'OPR0001/' || :client_id || '-' || :r || '-' || g, 1, st, now() from input
  on conflict (grain_type, grain_key) do nothing returning grain_key),
published as (
  insert into stream_events (partition, stream_namespace, stream_key, event_type, payload, published_at, publisher_type, publisher_key)
  select 3, 'betting', 'OPR0001', 'BettingEventRecord', jsonb_set(ev, '{eventId}', to_jsonb(gen_random_uuid()::text)), now(), 'bet_slip', w.grain_key from written w cross join (select ev from input limit 1) i
  returning id, payload),
archived_0 as (
  insert into betting_events (stream_event_id, event_id, received_at, oprid, cpf, player_sequence, bet_slip_id, event, event_date, flags, payload)
  select p.id, (p.payload->>'eventId')::uuid, (p.payload->>'receivedAt')::timestamptz, p.payload->>'oprid', p.payload->>'cpf',
         (p.payload->>'playerSequence')::bigint, p.payload->'event'->>'betSlipId', p.payload->'event'->>'event',
         (p.payload->'event'->>'eventDate')::timestamptz, array(select jsonb_array_elements_text(p.payload->'flags')), p.payload
  from published p)
select count(*) from written;
