-- Natural keys grains claim (a CNPJ, a license number, a lottery provider code), unique within
-- their scope across all grains. Claimed and released in the same statement as the grain's
-- versioned state write (see PostgresGrainStorage): the primary key is what stops two concurrent
-- onboardings with the same CNPJ. Also the index to find a grain by its natural key.
create table grain_unique_keys (
    scope text not null,
    value text not null,
    grain_type text not null,
    grain_key text not null,
    primary key (scope, value)
);

create index grain_unique_keys_holder on grain_unique_keys (grain_type, grain_key);
