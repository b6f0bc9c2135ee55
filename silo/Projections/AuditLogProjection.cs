using Lottopar.GrainInterfaces.Audit;
using Lottopar.Providers.PostgreSql.Streams;
using Npgsql;
using NpgsqlTypes;

namespace Lottopar.Silo.Projections;

/// <summary>
/// Fills the append-only <c>audit_log</c> from the audit stream. Idempotent: the stream event id
/// is the primary key, so a redelivered batch inserts nothing twice.
/// </summary>
public sealed class AuditLogProjection(NpgsqlDataSource dataSource) : IStreamProjection<AuditEntry>
{
    private const string InsertSql = """
        insert into audit_log (event_id, at, actor_kind, actor_id, actor_name, action, target_type, target_id, reason, before, after)
        select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::jsonb[])
        on conflict (event_id) do nothing
        """;

    public async Task ProjectAsync(IReadOnlyList<ProjectedEvent<AuditEntry>> batch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. batch.Select(e => e.Info.Position.EventId)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. batch.Select(e => e.Item.At)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(e => e.Item.Actor.Kind.ToString().ToLowerInvariant())] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(e => e.Item.Actor.Id)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. batch.Select(e => e.Item.Actor.Name)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(e => e.Item.Action)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(e => e.Item.TargetType)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(e => e.Item.TargetId)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. batch.Select(e => e.Item.Reason)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. batch.Select(e => e.Item.Before?.GetRawText())], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. batch.Select(e => e.Item.After?.GetRawText())], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
