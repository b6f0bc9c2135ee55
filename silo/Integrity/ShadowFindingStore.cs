using System.Text.Json;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Providers.PostgreSql.Storage;
using Npgsql;

namespace Lottopar.Silo.Integrity;

/// <summary>The integrity_shadow_findings table: archived from the "integrity" stream, read to compare a shadow version with the live one.</summary>
public sealed class ShadowFindingStore(NpgsqlDataSource dataSource)
{
    public const int MaxPage = 500;

    public const string ArchiveSql = $$"""
        insert into integrity_shadow_findings (rule_id, version, subject_kind, subject, oprid, evidence_key, summary, evidence, at)
        select p.payload->>'ruleId', (p.payload->>'version')::integer, p.payload->>'subjectKind', p.payload->>'subject', p.payload->>'oprid',
               coalesce((p.payload->'evidence'->0->>'kind') || ':' || (p.payload->'evidence'->0->>'id'), p.payload->>'at'),
               p.payload->>'summary', p.payload->'evidence', (p.payload->>'at')::timestamptz
        from published p where p.stream_namespace = '{{IntegrityStreams.Namespace}}' and p.event_type = '{{IntegrityStreams.ShadowFinding}}'
        on conflict (rule_id, version, subject, evidence_key) do nothing
        """;

    /// <summary>A rule's shadow findings, newest first (one version, or all).</summary>
    public async Task<IReadOnlyList<ShadowFinding>> ListAsync(string ruleId, int? version, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select json_build_object('ruleId', rule_id, 'version', version, 'subjectKind', subject_kind, 'subject', subject, 'oprid', oprid,
                                     'summary', summary, 'evidence', evidence, 'at', at)::text
            from integrity_shadow_findings where rule_id = $1 and ($2::integer is null or version = $2) order by at desc, id desc limit $3
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ruleId });
        command.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = version });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var findings = new List<ShadowFinding>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            findings.Add(JsonSerializer.Deserialize<ShadowFinding>(reader.GetString(0), RuntimeJson.Options)!);
        }

        return findings;
    }
}
