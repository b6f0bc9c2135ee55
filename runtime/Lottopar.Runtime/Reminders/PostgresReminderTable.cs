using Npgsql;

namespace Lottopar.Runtime.Reminders;

/// <summary>
/// Reminders in <c>grain_reminders</c>. Claiming uses FOR UPDATE SKIP LOCKED plus a lease column:
/// two silos polling at once never take the same reminder, and a silo that dies mid-tick leaves a
/// lease that expires so another silo fires it.
/// </summary>
public sealed class PostgresReminderTable(NpgsqlDataSource dataSource) : IReminderTable
{
    private const string UpsertSql = """
        insert into grain_reminders as r (grain_type, grain_key, name, first_due_at, period_ms, tick_due_at, next_due_at, version, failures, created_at, updated_at)
        values ($1, $2, $3, $4, $5, $4, $4, 1, 0, $6, $6)
        on conflict (grain_type, grain_key, name) do update
            set first_due_at = excluded.first_due_at, period_ms = excluded.period_ms, tick_due_at = excluded.tick_due_at,
                next_due_at = excluded.next_due_at, version = r.version + 1, failures = 0, updated_at = excluded.updated_at
        """;

    private const string DeleteSql = """
        delete from grain_reminders where grain_type = $1 and grain_key = $2 and name = $3
        """;

    private const string ClaimSql = """
        update grain_reminders r set lease_owner = $2, lease_until = $1 + $3
        from (select grain_type, grain_key, name from grain_reminders
              where next_due_at <= $1 and (lease_until is null or lease_until < $1)
              order by next_due_at
              limit $4
              for update skip locked) due
        where r.grain_type = due.grain_type and r.grain_key = due.grain_key and r.name = due.name
        returning r.grain_type, r.grain_key, r.name, r.first_due_at, r.period_ms, r.tick_due_at, r.version, r.failures
        """;

    // A one-shot reminder that fired is deleted, unless it was registered again during the tick.
    private const string DeleteFiredSql = """
        delete from grain_reminders
        where grain_type = $1 and grain_key = $2 and name = $3 and version = $4 and lease_owner = $5
        """;

    private const string ReleaseSql = """
        update grain_reminders
        set tick_due_at = case when version = $4 then $6 else tick_due_at end,
            next_due_at = case when version = $4 then $7 else next_due_at end,
            failures = case when version = $4 then $8 else failures end,
            last_fired_at = $9, lease_owner = null, lease_until = null
        where grain_type = $1 and grain_key = $2 and name = $3 and lease_owner = $5
        """;

    public async Task UpsertAsync(GrainId grain, string name, DateTimeOffset firstDue, TimeSpan? period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(UpsertSql);
        AddKey(command, grain, name);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = firstDue });
        command.Parameters.Add(new NpgsqlParameter { Value = period is { } p ? (long)p.TotalMilliseconds : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(GrainId grain, string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DeleteSql);
        AddKey(command, grain, name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<ReminderEntry>> ClaimDueAsync(DateTimeOffset now, string owner, TimeSpan lease, int maxCount, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = lease });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        var claimed = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claimed.Add(new ReminderEntry(
                new GrainId(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetInt64(6),
                reader.GetInt32(7)));
        }

        return claimed;
    }

    public async Task ReleaseAsync(ReminderEntry claimed, string owner, ReminderOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        if (outcome.Done)
        {
            var delete = new NpgsqlBatchCommand(DeleteFiredSql);
            AddKey(delete.Parameters, claimed.Grain, claimed.Name);
            delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = claimed.Version });
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
            batch.BatchCommands.Add(delete);
        }

        // Whatever happened above, the lease is given back (a no-op once the row is deleted).
        var release = new NpgsqlBatchCommand(ReleaseSql);
        AddKey(release.Parameters, claimed.Grain, claimed.Name);
        release.Parameters.Add(new NpgsqlParameter<long> { TypedValue = claimed.Version });
        release.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
        release.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = outcome.TickDue ?? claimed.TickDue });
        release.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = outcome.AttemptAt });
        release.Parameters.Add(new NpgsqlParameter<int> { TypedValue = outcome.Failures });
        release.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        batch.BatchCommands.Add(release);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddKey(NpgsqlCommand command, GrainId grain, string name) => AddKey(command.Parameters, grain, name);

    private static void AddKey(NpgsqlParameterCollection parameters, GrainId grain, string name)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Type });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Key });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
    }
}
