using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Security;
using Lottopar.Providers.PostgreSql.Streams;
using Npgsql;

namespace Lottopar.Silo.Projections;

/// <summary>Fills the append-only <c>security_events</c> from the security stream; idempotent like the audit log.</summary>
public sealed class SecurityEventsProjection(NpgsqlDataSource dataSource) : IStreamProjection<AccessRefused>
{
    private const string InsertSql = """
        insert into security_events (event_id, at, oprid, key_prefix, code, message, client_ip, route, environment, count)
        select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::integer[])
        on conflict (event_id) do nothing
        """;

    public async Task ProjectAsync(IReadOnlyList<ProjectedEvent<AccessRefused>> batch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. batch.Select(e => e.Info.Position.EventId)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. batch.Select(e => e.Item.At)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. batch.Select(e => string.IsNullOrEmpty(e.Item.Oprid) ? null : e.Item.Oprid)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. batch.Select(e => e.Item.KeyPrefix)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(e => e.Item.Code)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(e => e.Item.Message)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. batch.Select(e => e.Item.ClientIp)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. batch.Select(e => e.Item.Route)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(e => e.Item.Environment.Display())] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. batch.Select(e => Math.Max(1, e.Item.Count))] });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
