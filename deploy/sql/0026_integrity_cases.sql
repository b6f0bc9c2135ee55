-- Integrity cases as they stand (archived from the "integrity" stream in the case grain's
-- transaction, only forward by revision), the files attached to them (kept once by SHA-256), and
-- each rule's findings per day (counted from the alerts' changes), for the rules' hit and
-- false-positive rates.
create table integrity_cases (
    case_id uuid primary key,
    revision bigint not null,
    status text not null,
    assignee text,
    level integer not null,
    resolution text,
    opened_at timestamptz not null,
    view jsonb not null
);

create index integrity_cases_by_status on integrity_cases (status, opened_at desc);

create table integrity_case_attachments (
    sha256 text primary key,
    media_type text not null,
    size bigint not null,
    content bytea not null,
    stored_at timestamptz not null
);

create table integrity_rule_hits (
    rule_id text not null,
    day date not null,
    hits bigint not null,
    primary key (rule_id, day)
);
