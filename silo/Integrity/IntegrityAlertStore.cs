using System.Text.Json;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Providers.PostgreSql.Storage;
using Npgsql;

namespace Lottopar.Silo.Integrity;

/// <summary>The integrity_alerts table: written from the "integrity" stream (the archive below), read for the alert lists.</summary>
public sealed class IntegrityAlertStore(NpgsqlDataSource dataSource)
{
    public const int MaxPage = 200;

    /// <summary>Each change of an alert, in the transaction that changed it; an older revision never overwrites a newer one.</summary>
    public const string ArchiveSql = $$"""
        insert into integrity_alerts (alert_id, grain_key, revision, rule_id, rule_version, severity, subject_kind, subject_key, oprid, status, count, first_at, last_at, view)
        select (a->>'id')::uuid, p.payload->>'grainKey', (p.payload->>'revision')::bigint, p.payload->>'ruleId', (p.payload->>'ruleVersion')::integer,
               a->>'severity', a->'subject'->>'kind', a->'subject'->>'key', a->'subject'->>'oprid', a->>'status', (a->>'count')::bigint,
               (a->>'firstAt')::timestamptz, (a->>'lastAt')::timestamptz, a
        from published p cross join lateral (select p.payload->'alert' as a) alert
        where p.stream_namespace = '{{IntegrityStreams.Namespace}}' and p.event_type = '{{IntegrityStreams.AlertChanged}}'
        on conflict (alert_id) do update set
            revision = excluded.revision, rule_version = excluded.rule_version, severity = excluded.severity, status = excluded.status,
            count = excluded.count, last_at = excluded.last_at, view = excluded.view
        where integrity_alerts.revision < excluded.revision
        """;

    /// <summary>Alerts, newest finding first: one operator's, or all; by status and rule when given.</summary>
    public async Task<IReadOnlyList<AlertView>> ListAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select view::text from integrity_alerts
            where ($1::text is null or oprid = $1) and ($2::text is null or status = $2) and ($3::text is null or rule_id = $3)
              and ($4::timestamptz is null or last_at < $4)
            order by last_at desc, alert_id desc limit $5
            """);
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = query.Oprid });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = query.Status });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = query.RuleId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = query.Before });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit });
        var alerts = new List<AlertView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(JsonSerializer.Deserialize<AlertView>(reader.GetString(0), RuntimeJson.Options)!);
        }

        return alerts;
    }

    /// <summary>The alerts about a subject (a player's personal key, an OPRID) that are not closed, latest first.</summary>
    public async Task<IReadOnlyList<AlertView>> OpenAboutAsync(string subjectKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select view::text from integrity_alerts where subject_key = $1 and status <> 'closed' order by last_at desc limit 500
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subjectKey });
        var alerts = new List<AlertView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(JsonSerializer.Deserialize<AlertView>(reader.GetString(0), RuntimeJson.Options)!);
        }

        return alerts;
    }

    /// <summary>An alert as it stands (the current one of its grain, or one closed before), and its operator; null when there is none.</summary>
    public async Task<(AlertView Alert, string GrainKey)?> FindAsync(Guid alertId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select view::text, grain_key from integrity_alerts where alert_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = alertId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (JsonSerializer.Deserialize<AlertView>(reader.GetString(0), RuntimeJson.Options)!, reader.GetString(1))
            : null;
    }
}

/// <summary>A page of alerts: whose, in which status, of which rule, found before an instant (the previous page's last).</summary>
public sealed record AlertQuery(string? Oprid, string? Status, string? RuleId, DateTimeOffset? Before, int Limit);
