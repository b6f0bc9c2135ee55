-- What rule versions running in shadow would have raised (never raised), archived from the
-- "integrity" stream: one row per rule version, subject and first piece of evidence, so a
-- redelivered event records nothing twice.
create table integrity_shadow_findings (
    id bigint generated always as identity primary key,
    rule_id text not null,
    version integer not null,
    subject_kind text not null,
    subject text not null,
    oprid text,
    evidence_key text not null,
    summary text not null,
    evidence jsonb not null,
    at timestamptz not null,
    unique (rule_id, version, subject, evidence_key)
);

create index integrity_shadow_findings_by_rule on integrity_shadow_findings (rule_id, version, at desc);
