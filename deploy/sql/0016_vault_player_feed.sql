-- Which accepted vault files have had their registrations, updates and self-exclusions applied to
-- the player grains: the operator's player feed works through the rest in chain order, and marks
-- each file once its players have it (at least once: a crash before the mark applies it again).
alter table vault_files add column players_fed boolean not null default false;

create index vault_files_unfed on vault_files (oprid, chain_position) where accepted and not players_fed;
