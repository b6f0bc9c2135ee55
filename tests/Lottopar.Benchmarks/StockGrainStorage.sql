-- Orleans' stock ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.4.2) for the
-- orleans-writes benchmark only: OrleansWriteBenchmark applies this to its own database after the
-- migrations (which create OrleansQuery). It is not a migration and never reaches a platform database.
--
-- The provider reads three query texts from OrleansQuery at start and runs them by key, binding
-- by name: @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString (the state
-- name), @GrainIdExtensionString, @ServiceId, @GrainStateVersion (the ETag, null before the first
-- write) and @PayloadBinary. It reads PayloadBinary and Version back from a read and
-- NewGrainStateVersion from a write or a clear; a version that comes back unchanged (or null for a
-- first write) is a conflict to it. The shape below keeps what costs time in the stock design: a
-- row found through a non-unique index on the two hashes, and each write one function call in its
-- own autocommit transaction that checks the version.

create table OrleansStorage (
    grain_id_hash             integer not null,
    grain_id_n0               bigint not null,
    grain_id_n1               bigint not null,
    grain_type_hash           integer not null,
    grain_type                varchar(512) not null,
    grain_id_extension        varchar(512),
    service_id                varchar(150) not null,
    payload                   bytea,
    modified_on               timestamp not null,
    version                   integer
);

create index orleans_storage_by_hash on OrleansStorage (grain_id_hash, grain_type_hash);

-- A write with a version updates the row only if it still holds that version; a write without
-- one inserts the row only if there is none (like the stock script, without a lock: two
-- activations inserting at the same moment could both succeed). Returns the new version, or the
-- given one (null for an insert) when nothing was written.
create function orleans_storage_write(
    p_id_hash integer, p_n0 bigint, p_n1 bigint, p_type_hash integer, p_type varchar,
    p_extension varchar, p_service_id varchar, p_version integer, p_payload bytea)
returns table (NewGrainStateVersion integer) language plpgsql as $$
begin
    if p_version is not null then
        update OrleansStorage
        set payload = p_payload, modified_on = now() at time zone 'utc', version = version + 1
        where grain_id_hash = p_id_hash and grain_type_hash = p_type_hash
          and grain_id_n0 = p_n0 and grain_id_n1 = p_n1 and grain_type = p_type
          and grain_id_extension is not distinct from p_extension
          and service_id = p_service_id and version = p_version;
        if found then
            return query select p_version + 1;
        else
            return query select p_version;
        end if;
        return;
    end if;

    insert into OrleansStorage (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type,
                                grain_id_extension, service_id, payload, modified_on, version)
    select p_id_hash, p_n0, p_n1, p_type_hash, p_type, p_extension, p_service_id, p_payload,
           now() at time zone 'utc', 1
    where not exists (
        select 1 from OrleansStorage
        where grain_id_hash = p_id_hash and grain_type_hash = p_type_hash
          and grain_id_n0 = p_n0 and grain_id_n1 = p_n1 and grain_type = p_type
          and grain_id_extension is not distinct from p_extension
          and service_id = p_service_id);
    if found then
        return query select 1;
    else
        return query select null::integer;
    end if;
end
$$;

insert into OrleansQuery (QueryKey, QueryText) values
('WriteToStorageKey', $q$
    select NewGrainStateVersion
    from orleans_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                               @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
$q$),
('ReadFromStorageKey', $q$
    select payload as PayloadBinary, version as Version
    from OrleansStorage
    where grain_id_hash = @GrainIdHash and grain_type_hash = @GrainTypeHash
      and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1 and grain_type = @GrainTypeString
      and grain_id_extension is not distinct from @GrainIdExtensionString
      and service_id = @ServiceId
$q$),
-- Empties the payload and moves the version on, under the same version rule as a write.
('ClearStorageKey', $q$
    update OrleansStorage set payload = null, version = version + 1
    where grain_id_hash = @GrainIdHash and grain_type_hash = @GrainTypeHash
      and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1 and grain_type = @GrainTypeString
      and grain_id_extension is not distinct from @GrainIdExtensionString
      and service_id = @ServiceId and version = @GrainStateVersion
    returning version as NewGrainStateVersion
$q$);
