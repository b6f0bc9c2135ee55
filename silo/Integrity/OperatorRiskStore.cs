using Lottopar.GrainInterfaces.Integrity;
using Npgsql;

namespace Lottopar.Silo.Integrity;

/// <summary>The operators' open alerts (read from integrity_alerts) and their risk (integrity_operator_risk, archived from the "integrity" stream).</summary>
public sealed class OperatorRiskStore(NpgsqlDataSource dataSource)
{
    /// <summary>An operator's latest risk; an older event never overwrites a newer one.</summary>
    public const string ArchiveSql = $"""
        insert into integrity_operator_risk (oprid, risk, highlighted, highlighted_since, open_alerts, updated_at, policy)
        select p.payload->>'oprid', (p.payload->>'risk')::bigint, (p.payload->>'highlighted')::boolean, (p.payload->>'highlightedSince')::timestamptz,
               (p.payload->>'openAlerts')::integer, (p.payload->>'at')::timestamptz, p.payload->>'policy'
        from published p where p.stream_namespace = '{IntegrityStreams.Namespace}' and p.event_type = '{IntegrityStreams.OperatorRiskChanged}'
        on conflict (oprid) do update set risk = excluded.risk, highlighted = excluded.highlighted, highlighted_since = excluded.highlighted_since,
            open_alerts = excluded.open_alerts, updated_at = excluded.updated_at, policy = excluded.policy
        where integrity_operator_risk.updated_at <= excluded.updated_at
        """;

    /// <summary>Per operator with open alerts (and each operator already in the risk table), its open alerts by severity and status.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<OpenAlertGroup>>> OpenAlertsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select oprid, severity, status, count(*)::integer, coalesce(sum(extract(epoch from ($1 - first_at))), 0)::float8
            from integrity_alerts where oprid is not null and status <> 'closed' group by oprid, severity, status
            union all
            select oprid, null, null, 0, 0 from integrity_operator_risk
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        var groups = new Dictionary<string, List<OpenAlertGroup>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var oprid = reader.GetString(0);
            if (!groups.TryGetValue(oprid, out var list))
            {
                groups[oprid] = list = [];
            }

            if (!reader.IsDBNull(1))
            {
                list.Add(new OpenAlertGroup(Parse<RuleSeverity>(reader.GetString(1)), Parse<AlertStatus>(reader.GetString(2)), reader.GetInt32(3), Math.Max(0, reader.GetDouble(4))));
            }
        }

        return groups.ToDictionary(g => g.Key, g => (IReadOnlyList<OpenAlertGroup>)g.Value);
    }

    /// <summary>The operators' risk, highest first; only the highlighted ones when asked.</summary>
    public async Task<IReadOnlyList<OperatorRiskChanged>> ListAsync(string? oprid, bool highlightedOnly, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select oprid, risk, highlighted, highlighted_since, open_alerts, updated_at, policy from integrity_operator_risk
            where ($1::text is null or oprid = $1) and (not $2 or highlighted) order by risk desc, oprid
            """);
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = oprid });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = highlightedOnly });
        var rows = new List<OperatorRiskChanged>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OperatorRiskChanged(reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6)));
        }

        return rows;
    }

    private static T Parse<T>(string wire) where T : struct, Enum =>
        GrainInterfaces.Betting.ContractNames.TryParse<T>(wire, out var value) ? value : throw new InvalidDataException($"'{wire}' is not a {typeof(T).Name}.");
}
