-- Each operator's risk from its open integrity alerts, as its operator-risk grain last published it
-- (the "integrity" stream, archived in the grain's transaction): the back office's list of operators
-- and which of them are highlighted.
create table integrity_operator_risk (
    oprid text primary key,
    risk bigint not null,
    highlighted boolean not null,
    highlighted_since timestamptz,
    open_alerts integer not null,
    updated_at timestamptz not null,
    policy text not null
);
