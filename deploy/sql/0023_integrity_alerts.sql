-- The integrity module's alerts as they stand, one row per alert (an alert grain's current alert and
-- the ones it closed before), written from the "integrity" stream in the transaction that changed
-- the alert. A row only moves forward: a change carries its alert's revision.
create table integrity_alerts (
    alert_id uuid primary key,
    grain_key text not null,
    revision bigint not null,
    rule_id text not null,
    rule_version integer not null,
    severity text not null,
    subject_kind text not null,
    subject_key text not null,
    oprid text,
    status text not null,
    count bigint not null,
    first_at timestamptz not null,
    last_at timestamptz not null,
    view jsonb not null
);

create index integrity_alerts_by_operator on integrity_alerts (oprid, last_at desc);
create index integrity_alerts_by_time on integrity_alerts (last_at desc);
create index integrity_alerts_by_subject on integrity_alerts (subject_key, last_at desc);
