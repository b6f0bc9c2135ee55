using System.Text.Json;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Providers.PostgreSql.Storage;
using Npgsql;

namespace Lottopar.Silo.Integrity;

/// <summary>What an operator's reconciliations asked for: its hours between two instants, by one rule or all, only those with differences.</summary>
public sealed record ReconciliationQuery(string? Oprid, DateTimeOffset From, DateTimeOffset To, string? Rule, bool DifferencesOnly, int Limit);

/// <summary>The integrity_reconciliations table: archived from the "integrity" stream (the latest run of each operator, hour and rule wins).</summary>
public sealed class ReconciliationStore(NpgsqlDataSource dataSource)
{
    public const int MaxPage = 500;

    public const string ArchiveSql = $$"""
        insert into integrity_reconciliations (oprid, hour, rule_id, rule_version, platform_count, platform_total, vault_count, vault_total,
                                               difference_count, differences, ran_at)
        select p.payload->>'oprid', (p.payload->>'hour')::timestamptz, p.payload->>'ruleId', (p.payload->>'ruleVersion')::integer,
               (p.payload->>'platformCount')::integer, (p.payload->>'platformTotal')::bigint, (p.payload->>'vaultCount')::integer,
               (p.payload->>'vaultTotal')::bigint, jsonb_array_length(p.payload->'differences'), p.payload->'differences', (p.payload->>'at')::timestamptz
        from published p where p.stream_namespace = '{{IntegrityStreams.Namespace}}' and p.event_type = '{{IntegrityStreams.HourReconciled}}'
        on conflict (oprid, hour, rule_id) do update set rule_version = excluded.rule_version, platform_count = excluded.platform_count,
            platform_total = excluded.platform_total, vault_count = excluded.vault_count, vault_total = excluded.vault_total,
            difference_count = excluded.difference_count, differences = excluded.differences, ran_at = excluded.ran_at
        where integrity_reconciliations.ran_at <= excluded.ran_at
        """;

    /// <summary>The hours asked for, latest first.</summary>
    public async Task<IReadOnlyList<HourReconciled>> ListAsync(ReconciliationQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select json_build_object('oprid', oprid, 'hour', hour, 'ruleId', rule_id, 'ruleVersion', rule_version, 'platformCount', platform_count,
                                     'platformTotal', platform_total, 'vaultCount', vault_count, 'vaultTotal', vault_total,
                                     'differences', differences, 'at', ran_at)::text
            from integrity_reconciliations
            where ($1::text is null or oprid = $1) and hour >= $2 and hour < $3 and ($4::text is null or rule_id = $4) and (not $5 or difference_count > 0)
            order by hour desc, oprid, rule_id limit $6
            """);
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = query.Oprid });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = query.From.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = query.To.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = query.Rule });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = query.DifferencesOnly });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit });
        var rows = new List<HourReconciled>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(JsonSerializer.Deserialize<HourReconciled>(reader.GetString(0), RuntimeJson.Options)!);
        }

        return rows;
    }
}
