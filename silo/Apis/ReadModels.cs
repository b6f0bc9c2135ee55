using System.Globalization;
using System.Text.Json;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Staff;
using Npgsql;

namespace Lottopar.Silo.Apis;

/// <summary>
/// Lists and searches for the admin API. Operators and staff are read from the grains' committed
/// state (grain_state, JSON); the audit and security logs from their append-only tables.
/// </summary>
public sealed class ReadModels(NpgsqlDataSource dataSource)
{
    public async Task<string> NextOpridAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select nextval('operator_oprid_seq')");
        var number = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return $"OPR-{number.ToString("D6", CultureInfo.InvariantCulture)}";
    }

    public async Task<IReadOnlyList<OperatorSummary>> OperatorsAsync(OperatorStatus? status, CancellationToken cancellationToken)
    {
        const string sql = """
            select grain_key, state->>'legalName', state->>'cnpj', (state->>'status')::int, state->'license'->>'number', (state->'license'->>'validUntil')::date
            from grain_state
            where grain_type = 'operator' and state is not null and ($1::int is null or (state->>'status')::int = $1)
            order by grain_key
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = status is { } s ? (int)s : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        return await ReadAllAsync(command, r => new OperatorSummary(
            r.GetString(0), r.GetString(1), r.GetString(2), (OperatorStatus)r.GetInt32(3), r.GetString(4), r.GetFieldValue<DateOnly>(5)), cancellationToken);
    }

    /// <summary>The grain holding a unique value (e.g. scope "operator.cnpj"), or null when it is free.</summary>
    public async Task<string?> UniqueValueHolderAsync(string scope, string value, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select grain_key from grain_unique_keys where scope = $1 and value = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<StaffSummary>> StaffAsync(string? oprid, CancellationToken cancellationToken)
    {
        const string sql = """
            select state->>'email', state->>'fullName', state->'roles', state->>'oprid', (state->>'status')::int
            from grain_state
            where grain_type = 'staff_user' and state is not null and ($1::text is null or state->>'oprid' = $1)
            order by state->>'email'
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)oprid ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return await ReadAllAsync(command, r => new StaffSummary(
            r.GetString(0), r.GetString(1), JsonSerializer.Deserialize<string[]>(r.GetString(2)) ?? [], r.IsDBNull(3) ? null : r.GetString(3), (StaffStatus)r.GetInt32(4)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<AuditRecord>> AuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        const string sql = """
            select event_id, at, actor_kind, actor_id, actor_name, action, target_type, target_id, reason, before::text, after::text
            from audit_log
            where ($1::text is null or target_type = $1) and ($2::text is null or target_id = $2) and ($3::text is null or actor_id = $3)
              and ($4::text is null or action = $4) and ($5::timestamptz is null or at >= $5) and ($6::timestamptz is null or at < $6)
              and ($8::text is null or target_id = $8 or starts_with(target_id, $8 || '/'))
            order by event_id desc
            limit $7
            """;
        await using var command = dataSource.CreateCommand(sql);
        AddText(command, query.TargetType, query.TargetId, query.Actor, query.Action);
        AddTimes(command, query.From, query.To);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Clamp(query.Limit ?? 100, 1, 1000) });
        AddText(command, query.Oprid);
        return await ReadAllAsync(command, r => new AuditRecord(
            r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
            r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), Json(r, 9), Json(r, 10)), cancellationToken);
    }

    public async Task<IReadOnlyList<SecurityRecord>> SecurityEventsAsync(SecurityQuery query, CancellationToken cancellationToken)
    {
        const string sql = """
            select event_id, at, oprid, key_prefix, code, message, client_ip, route, environment, count
            from security_events
            where ($1::text is null or oprid = $1) and ($2::text is null or code = $2)
              and ($3::timestamptz is null or at >= $3) and ($4::timestamptz is null or at < $4)
            order by event_id desc
            limit $5
            """;
        await using var command = dataSource.CreateCommand(sql);
        AddText(command, query.Oprid, query.Code);
        AddTimes(command, query.From, query.To);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Clamp(query.Limit ?? 100, 1, 1000) });
        return await ReadAllAsync(command, r => new SecurityRecord(
            r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
            r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8), r.GetInt32(9)), cancellationToken);
    }

    private static JsonElement? Json(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : JsonDocument.Parse(reader.GetString(ordinal)).RootElement.Clone();

    private static void AddText(NpgsqlCommand command, params string?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrEmpty(value) ? DBNull.Value : value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }
    }

    /// <summary>Filter times as instants: a time written with any offset (Brasília's -03:00) names the one Npgsql can send, in UTC.</summary>
    private static void AddTimes(NpgsqlCommand command, params DateTimeOffset?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        }
    }

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

public sealed record OperatorSummary(string Oprid, string LegalName, string Cnpj, OperatorStatus Status, string LicenseNumber, DateOnly LicenseValidUntil);

public sealed record StaffSummary(string Email, string FullName, IReadOnlyList<string> Roles, string? Oprid, StaffStatus Status);

/// <param name="Oprid">Everything about one operator: the operator itself and what belongs to it (its API keys).</param>
public sealed record AuditQuery(string? TargetType, string? TargetId, string? Actor, string? Action, DateTimeOffset? From, DateTimeOffset? To, int? Limit, string? Oprid = null);

public sealed record AuditRecord(
    long EventId, DateTimeOffset At, string ActorKind, string ActorId, string? ActorName, string Action,
    string TargetType, string TargetId, string? Reason, JsonElement? Before, JsonElement? After);

public sealed record SecurityQuery(string? Oprid, string? Code, DateTimeOffset? From, DateTimeOffset? To, int? Limit);

/// <param name="Count">How many refused attempts of this kind the row stands for (see RefusalLog).</param>
public sealed record SecurityRecord(
    long EventId, DateTimeOffset At, string? Oprid, string? KeyPrefix, string Code, string Message, string? ClientIp, string? Route, string Environment, int Count);
