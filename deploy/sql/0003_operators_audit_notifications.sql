-- Operator onboarding, the audit log, the security log and the notification outbox.

-- OPRIDs are issued from this sequence: OPR-000001, OPR-000002, ... A number taken by an
-- onboarding that then failed is skipped, never reused.
create sequence operator_oprid_seq start 1;

-- Refuses UPDATE, DELETE and TRUNCATE on append-only tables.
create function lottopar_append_only() returns trigger
language plpgsql as $$
begin
    raise exception 'table % is append-only', tg_table_name using errcode = 'insufficient_privilege';
end;
$$;

-- Every administrative action: projected from the "audit" stream, whose entries commit in the
-- same transaction as the change they describe. event_id is the stream event: projecting twice
-- inserts once.
create table audit_log (
    event_id bigint primary key,
    at timestamptz not null,
    actor_kind text not null,
    actor_id text not null,
    actor_name text,
    action text not null,
    target_type text not null,
    target_id text not null,
    reason text,
    before jsonb,
    after jsonb,
    recorded_at timestamptz not null default now()
);

create index audit_log_target on audit_log (target_type, target_id, at);
create index audit_log_at on audit_log (at);
create index audit_log_actor on audit_log (actor_id, at);
create trigger audit_log_append_only before update or delete on audit_log for each row execute function lottopar_append_only();
create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function lottopar_append_only();

-- Refused access attempts (API keys, staff sign-ins), for the integrity module.
create table security_events (
    event_id bigint primary key,
    at timestamptz not null,
    oprid text,
    key_prefix text,
    code text not null,
    message text not null,
    client_ip text,
    route text,
    environment text not null,
    recorded_at timestamptz not null default now()
);

create index security_events_oprid on security_events (oprid, at);
create index security_events_at on security_events (at);
create trigger security_events_append_only before update or delete on security_events for each row execute function lottopar_append_only();
create trigger security_events_no_truncate before truncate on security_events for each statement execute function lottopar_append_only();

-- Messages to people (invitation and reset codes). In "outbox" mode (development) they stay here
-- for the outbox page; in "deliver" mode they are sent and the body (which holds a code) is erased.
create table notification_outbox (
    id bigint generated always as identity primary key,
    created_at timestamptz not null,
    channel text not null check (channel in ('email', 'sms')),
    recipient text not null,
    subject text not null,
    body text,
    status text not null check (status in ('kept', 'pending', 'sent', 'failed')),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null,
    sent_at timestamptz,
    last_error text
);

create index notification_outbox_due on notification_outbox (next_attempt_at) where status = 'pending';
