-- The vault's receipts (docs/vault-format.md, section 12): each file's receipt as LOTTOPAR signed
-- it (CMS SignedData, DER), and each accepted file's place in its operator's hash chain. A place
-- is taken once, so two silos judging the same operator's files cannot both extend the chain.
alter table vault_files
    add column chain_position bigint,
    add column receipt bytea not null default '\x';

alter table vault_files alter column receipt drop default;

alter table vault_files add constraint vault_files_chained_when_accepted check (accepted = (chain_position is not null));

create unique index vault_files_chain_position on vault_files (oprid, chain_position) where accepted;

create index vault_files_by_received on vault_files (received_at desc);
