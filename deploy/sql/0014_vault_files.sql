-- The vault's hourly files (docs/vault-format.md): one row per distinct file an operator sent,
-- accepted or rejected, with what its receipt says; and the records of accepted files, stored in
-- the same transaction as their file's row (all or nothing). A file sent again (same SHA-256)
-- finds its row; an accepted sequence number belongs to one file only; a record id to one record.
create table vault_files (
    id uuid primary key,
    oprid text not null,
    file_name text not null,
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes bigint not null check (size_bytes >= 0),
    received_at timestamptz not null,
    accepted boolean not null,
    sequence bigint,
    hour timestamptz,
    part integer,
    parts integer,
    record_count integer not null default 0,
    counts jsonb not null default '{}',
    error_count integer not null default 0,
    errors jsonb not null default '[]',
    chain_previous text,
    chain_value text,
    unique (oprid, sha256),
    check (accepted = (chain_value is not null)),
    check (accepted or error_count > 0)
);

create unique index vault_files_accepted_sequence on vault_files (oprid, sequence) where accepted;
create index vault_files_by_hour on vault_files (oprid, hour);

create table vault_records (
    oprid text not null,
    record_id text not null,
    file_id uuid not null references vault_files (id) deferrable initially deferred,
    position integer not null,
    record_type text not null,
    at timestamptz not null,
    cpf text,
    amount bigint not null,
    replaces_id text,
    replaces_date date,
    xml text not null,
    primary key (oprid, record_id)
);

create index vault_records_by_cpf on vault_records (cpf, at) where cpf is not null;
create index vault_records_by_file on vault_records (file_id, position);
