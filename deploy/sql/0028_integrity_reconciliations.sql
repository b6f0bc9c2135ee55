-- Each hour of an operator's vault reconciled with the platform's own records by a rule (rule 8,
-- and the prize deadline of rule 9), archived from the "integrity" stream: the latest run of each
-- operator, hour and rule, with what each side held in the hour and every difference, both sides.
create table integrity_reconciliations (
    oprid text not null,
    hour timestamptz not null,
    rule_id text not null,
    rule_version integer not null,
    platform_count integer not null,
    platform_total bigint not null,
    vault_count integer not null,
    vault_total bigint not null,
    difference_count integer not null,
    differences jsonb not null,
    ran_at timestamptz not null,
    primary key (oprid, hour, rule_id)
);

create index integrity_reconciliations_with_differences on integrity_reconciliations (hour desc) where difference_count > 0;

-- The reconciliation reads the corrections and annulments that name the records of an hour.
create index vault_records_replacing on vault_records (oprid, replaces_id) where replaces_id is not null;
