using System.Text.Json;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Providers.PostgreSql.Storage;
using Npgsql;

namespace Lottopar.Silo.Integrity;

/// <summary>The case table and attachments, and the rules' figures (findings per day, outcomes of closed cases).</summary>
public sealed class IntegrityCaseStore(NpgsqlDataSource dataSource)
{
    public const int MaxPage = 200;

    /// <summary>A case as it stands; an older revision never overwrites a newer one.</summary>
    public const string ArchiveSql = $$"""
        insert into integrity_cases (case_id, revision, status, assignee, level, resolution, opened_at, view)
        select (c->>'id')::uuid, (p.payload->>'revision')::bigint, c->>'status', c->>'assignee', (c->>'level')::integer, c->>'resolution',
               (c->>'openedAt')::timestamptz, c
        from published p cross join lateral (select p.payload->'case' as c) x
        where p.stream_namespace = '{{IntegrityStreams.Namespace}}' and p.event_type = '{{IntegrityStreams.CaseChanged}}'
        on conflict (case_id) do update set revision = excluded.revision, status = excluded.status, assignee = excluded.assignee,
            level = excluded.level, resolution = excluded.resolution, view = excluded.view
        where integrity_cases.revision < excluded.revision
        """;

    /// <summary>Each finding an alert counted, per rule and Brasília day (grouped first: one statement may carry several).</summary>
    public const string HitsArchiveSql = $$"""
        insert into integrity_rule_hits (rule_id, day, hits)
        select p.payload->>'ruleId', ((p.payload->'alert'->>'lastAt')::timestamptz at time zone 'America/Sao_Paulo')::date, count(*)
        from published p
        where p.stream_namespace = '{{IntegrityStreams.Namespace}}' and p.event_type = '{{IntegrityStreams.AlertChanged}}'
          and p.payload->>'change' in ('raised', 'counted')
        group by 1, 2
        on conflict (rule_id, day) do update set hits = integrity_rule_hits.hits + excluded.hits
        """;

    public async Task<IReadOnlyList<CaseView>> ListAsync(string? status, string? assignee, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select view::text from integrity_cases where ($1::text is null or status = $1) and ($2::text is null or assignee = $2)
            order by opened_at desc, case_id limit $3
            """);
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = status });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = assignee });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var cases = new List<CaseView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cases.Add(JsonSerializer.Deserialize<CaseView>(reader.GetString(0), RuntimeJson.Options)!);
        }

        return cases;
    }

    /// <summary>Keeps a file once by its SHA-256 (the same file again changes nothing).</summary>
    public async Task StoreAttachmentAsync(string sha256, string mediaType, byte[] content, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            insert into integrity_case_attachments (sha256, media_type, size, content, stored_at) values ($1, $2, $3, $4, $5) on conflict (sha256) do nothing
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = mediaType });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = content.LongLength });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = content });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<byte[]?> AttachmentAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select content from integrity_case_attachments where sha256 = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
        return (byte[]?)await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Per rule: findings over the last seven Brasília days up to <paramref name="today"/>, and the alerts of closed cases by resolution.</summary>
    public async Task<IReadOnlyList<RuleStats>> RuleStatsAsync(DateOnly today, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            with hits as (
                select rule_id, sum(hits)::bigint as hits from integrity_rule_hits where day > $1 - 7 and day <= $1 group by rule_id),
            outcomes as (
                select split_part(a->>'rule', '@', 1) as rule_id, count(*)::bigint as closed,
                       count(*) filter (where c.resolution = 'false_positive')::bigint as false_positives
                from integrity_cases c cross join lateral jsonb_array_elements(c.view->'alerts') a
                where c.status = 'closed' and c.resolution in ('confirmed', 'false_positive') group by 1)
            , shadows as (
                select rule_id, count(*)::bigint as hits from integrity_shadow_findings where at > $2 group by rule_id)
            select coalesce(h.rule_id, o.rule_id, s.rule_id), coalesce(h.hits, 0), coalesce(o.closed, 0), coalesce(o.false_positives, 0), coalesce(s.hits, 0)
            from hits h full join outcomes o on o.rule_id = h.rule_id full join shadows s on s.rule_id = coalesce(h.rule_id, o.rule_id) order by 1
            """);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = today });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = Grains.Common.BrasiliaTime.Instant(today.AddDays(-6), TimeOnly.MinValue).ToUniversalTime() });
        var stats = new List<RuleStats>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (closed, falsePositives) = (reader.GetInt64(2), reader.GetInt64(3));
            stats.Add(new RuleStats(reader.GetString(0), reader.GetInt64(1), closed, falsePositives, closed == 0 ? null : Math.Round((double)falsePositives / closed, 4), reader.GetInt64(4)));
        }

        return stats;
    }
}

/// <summary>
/// A rule's figures: findings in the last seven days (its hit rate), and of the alerts in cases closed
/// as confirmed or false positive, how many were false positives (its false-positive rate; null before
/// any); the findings of its shadow versions over the same days.
/// </summary>
public sealed record RuleStats(string Rule, long HitsLast7Days, long AlertsInClosedCases, long FalsePositives, double? FalsePositiveRate, long ShadowHitsLast7Days);
