-- Orleans' ADO.NET clustering and reminder providers (10.4.2) on the platform's PostgreSQL.
--
-- The providers issue no SQL of their own: at start they read "SELECT QueryKey, QueryText FROM
-- OrleansQuery" and then run those texts by key, binding parameters by name (@DeploymentId, ...)
-- and reading result columns by name (case-insensitively). That is the whole contract; the
-- tables behind it are ours. OrleansQuery keeps the name the providers hard-code.
-- OrleansQueryCheck (providers/) refuses to start a silo when a key it needs is missing.

create table OrleansQuery (
    QueryKey  varchar(64) primary key,
    QueryText text not null
);

-- Membership: one version row per cluster (deployment), bumped by every change to the table,
-- so that a silo's write based on a stale read is refused (optimistic concurrency).
create table orleans_membership_version (
    deployment_id text primary key,
    version       integer not null default 0,
    changed_at    timestamptz(3) not null default now()
);

create table orleans_membership (
    deployment_id   text not null references orleans_membership_version (deployment_id),
    address         text not null,
    port            integer not null,
    generation      integer not null,
    silo_name       text not null,
    host_name       text not null,
    status          integer not null,
    proxy_port      integer,
    suspect_times   text,
    start_time      timestamptz(3) not null,
    i_am_alive_time timestamptz(3) not null,
    primary key (deployment_id, address, port, generation)
);

-- Inserts a silo's row and bumps the version, only if the version is still the one the silo
-- read. The version row is locked first, so two silos with the same expected version are
-- serialised and the second finds the version moved. Returns 1 on success, 0 otherwise
-- (nothing is changed then).
create function orleans_insert_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
returns integer language plpgsql as $$
begin
    perform 1 from orleans_membership_version
    where deployment_id = p_deployment_id and version = p_version
    for update;
    if not found then
        return 0;
    end if;

    insert into orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                    status, proxy_port, start_time, i_am_alive_time)
    values (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
            p_status, p_proxy_port, p_start_time, p_i_am_alive_time)
    on conflict do nothing;
    if not found then
        return 0;
    end if;

    update orleans_membership_version set version = version + 1, changed_at = now()
    where deployment_id = p_deployment_id;
    return 1;
end
$$;

-- Updates a silo's status, suspicions and liveness, under the same version rule.
create function orleans_update_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
returns integer language plpgsql as $$
begin
    perform 1 from orleans_membership_version
    where deployment_id = p_deployment_id and version = p_version
    for update;
    if not found then
        return 0;
    end if;

    update orleans_membership
    set status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    where deployment_id = p_deployment_id and address = p_address and port = p_port and generation = p_generation;
    if not found then
        return 0;
    end if;

    update orleans_membership_version set version = version + 1, changed_at = now()
    where deployment_id = p_deployment_id;
    return 1;
end
$$;

-- Columns are aliased to the names the providers read.
create view orleans_membership_rows as
select v.deployment_id as DeploymentId, m.address as Address, m.port as Port, m.generation as Generation,
       m.silo_name as SiloName, m.host_name as HostName, m.status as Status, m.proxy_port as ProxyPort,
       m.suspect_times as SuspectTimes, m.start_time as StartTime, m.i_am_alive_time as IAmAliveTime,
       v.version as Version
from orleans_membership_version v
left join orleans_membership m on m.deployment_id = v.deployment_id;

insert into OrleansQuery (QueryKey, QueryText) values
('InsertMembershipVersionKey', $q$
    with inserted as (
        insert into orleans_membership_version (deployment_id) values (@DeploymentId)
        on conflict do nothing
        returning 1)
    select count(*)::integer from inserted
$q$),
('InsertMembershipKey', $q$
    select orleans_insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                     @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)
$q$),
('UpdateMembershipKey', $q$
    select orleans_update_membership(@DeploymentId, @Address, @Port, @Generation, @Status,
                                     @SuspectTimes, @IAmAliveTime, @Version)
$q$),
-- A liveness heartbeat: not versioned (the providers never check its outcome).
('UpdateIAmAlivetimeKey', $q$
    update orleans_membership set i_am_alive_time = @IAmAliveTime
    where deployment_id = @DeploymentId and address = @Address and port = @Port and generation = @Generation
$q$),
-- The version row comes back even when the silo has no row yet (left join in the view).
('MembershipReadRowKey', $q$
    select v.deployment_id as DeploymentId, m.address as Address, m.port as Port, m.generation as Generation,
           m.silo_name as SiloName, m.host_name as HostName, m.status as Status, m.proxy_port as ProxyPort,
           m.suspect_times as SuspectTimes, m.start_time as StartTime, m.i_am_alive_time as IAmAliveTime,
           v.version as Version
    from orleans_membership_version v
    left join orleans_membership m on m.deployment_id = v.deployment_id
         and m.address = @Address and m.port = @Port and m.generation = @Generation
    where v.deployment_id = @DeploymentId
$q$),
('MembershipReadAllKey', $q$
    select * from orleans_membership_rows where DeploymentId = @DeploymentId
$q$),
('DeleteMembershipTableEntriesKey', $q$
    delete from orleans_membership where deployment_id = @DeploymentId;
    delete from orleans_membership_version where deployment_id = @DeploymentId;
$q$),
-- Status 3 is SiloStatus.Active.
('GatewaysQueryKey', $q$
    select address as Address, proxy_port as ProxyPort, generation as Generation
    from orleans_membership
    where deployment_id = @DeploymentId and status = @Status and proxy_port > 0
$q$),
-- Rows of silos that stopped heart-beating before the cut-off and are not active.
('CleanupDefunctSiloEntriesKey', $q$
    delete from orleans_membership
    where deployment_id = @DeploymentId and i_am_alive_time < @IAmAliveTime and status <> 3
$q$);

-- Reminders: one row per (service, grain, name). The grain hash places a reminder on the silo
-- that owns its range of the ring; the index serves those range reads.
create table orleans_reminders (
    service_id    text not null,
    grain_id      text not null,
    reminder_name text not null,
    start_time    timestamptz(3) not null,
    period        bigint not null,
    grain_hash    integer not null,
    version       integer not null,
    primary key (service_id, grain_id, reminder_name)
);

create index orleans_reminders_by_hash on orleans_reminders (service_id, grain_hash);

insert into OrleansQuery (QueryKey, QueryText) values
('UpsertReminderRowKey', $q$
    insert into orleans_reminders as r (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
    values (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    on conflict (service_id, grain_id, reminder_name) do update
        set start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
            version = r.version + 1
    returning r.version as Version
$q$),
('ReadReminderRowsKey', $q$
    select grain_id as GrainId, reminder_name as ReminderName, start_time as StartTime, period as Period, version as Version
    from orleans_reminders
    where service_id = @ServiceId and grain_id = @GrainId
$q$),
('ReadReminderRowKey', $q$
    select grain_id as GrainId, reminder_name as ReminderName, start_time as StartTime, period as Period, version as Version
    from orleans_reminders
    where service_id = @ServiceId and grain_id = @GrainId and reminder_name = @ReminderName
$q$),
-- A range of the ring that does not wrap: (begin, end].
('ReadRangeRows1Key', $q$
    select grain_id as GrainId, reminder_name as ReminderName, start_time as StartTime, period as Period, version as Version
    from orleans_reminders
    where service_id = @ServiceId and grain_hash > @BeginHash and grain_hash <= @EndHash
$q$),
-- A range that wraps past the top of the ring.
('ReadRangeRows2Key', $q$
    select grain_id as GrainId, reminder_name as ReminderName, start_time as StartTime, period as Period, version as Version
    from orleans_reminders
    where service_id = @ServiceId and (grain_hash > @BeginHash or grain_hash <= @EndHash)
$q$),
('DeleteReminderRowKey', $q$
    with deleted as (
        delete from orleans_reminders
        where service_id = @ServiceId and grain_id = @GrainId and reminder_name = @ReminderName and version = @Version
        returning 1)
    select count(*)::integer from deleted
$q$),
('DeleteReminderRowsKey', $q$
    delete from orleans_reminders where service_id = @ServiceId
$q$);
