using Npgsql;
using NpgsqlTypes;

namespace Lottopar.Providers.PostgreSql.Storage;

/// <summary>
/// One statement for several grains' writes of the same shape (all first writes, or all updates;
/// all with events reaching the same archives, or all without; none claiming unique keys). Each
/// row is still versioned on its own: a stale update or a first write that finds a row matches
/// nothing, publishes nothing, and its caller is told so. On this VM, sixteen slip writes in one
/// statement carry about twice the events of sixteen statements in one transaction
/// (pgbench, in the git history of docs/benchmarks.md).
/// </summary>
/// <remarks>
/// Parameters: $1 grain types, $2 grain keys, $3 states (jsonb), $4 times, then (updates only) the
/// expected versions; then, with events, the index of the owning write (1-based) and the six
/// event arrays. The statement returns (n, version) for every write that matched.
/// </remarks>
internal static class MultiRowWrite
{
    public static string Build(bool firstWrites, bool withEvents, PublishedEvents published, IEnumerable<string> archiveCtes)
    {
        var input = firstWrites
            ? "unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[]) with ordinality as i(grain_type, grain_key, state, now, n)"
            : "unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[], $5::bigint[]) with ordinality as i(grain_type, grain_key, state, now, expected, n)";
        var written = firstWrites
            ? """
              insert into grain_state (grain_type, grain_key, version, state, updated_at)
              select grain_type, grain_key, 1, state, now from input order by n
              on conflict (grain_type, grain_key) do nothing
              returning grain_type, grain_key, version
              """
            : """
              update grain_state g set state = i.state, version = g.version + 1, updated_at = i.now
              from input i
              where g.grain_type = i.grain_type and g.grain_key = i.grain_key and g.version = i.expected
              returning g.grain_type, g.grain_key, g.version
              """;
        var parts = new List<string> { $"input as (select * from {input})", $"written as ({written})" };
        if (withEvents)
        {
            var p = firstWrites ? 5 : 6;
            parts.Add(published.Ctes("w.grain_type as publisher_type, w.grain_key as publisher_key", $"""
                from unnest(${p}::bigint[], ${p + 1}::smallint[], ${p + 2}::text[], ${p + 3}::text[], ${p + 4}::text[], ${p + 5}::jsonb[], ${p + 6}::timestamptz[])
                     with ordinality as e(owner, partition, stream_namespace, stream_key, event_type, payload, published_at, m)
                join input i on i.n = e.owner
                join written w on w.grain_type = i.grain_type and w.grain_key = i.grain_key
                """, "e.m"));
            parts.AddRange(archiveCtes);
        }

        return $"with {string.Join(",\n", parts)}\nselect i.n, w.version from input i join written w on w.grain_type = i.grain_type and w.grain_key = i.grain_key";
    }

    public static void AddParameters(NpgsqlParameterCollection parameters, IReadOnlyList<PendingWrite> writes, bool firstWrites, bool withEvents)
    {
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. writes.Select(w => w.Grain.Type)] });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. writes.Select(w => w.Grain.Key)] });
        parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. writes.Select(w => w.StateJson)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. writes.Select(w => w.Now)] });
        if (!firstWrites)
        {
            parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. writes.Select(w => w.ExpectedVersion)] });
        }

        if (withEvents)
        {
            var events = writes.SelectMany((w, i) => w.Events.Select(e => (Owner: (long)i + 1, Event: e))).ToList();
            parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. events.Select(e => e.Owner)] });
            parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. events.Select(e => (short)e.Event.Partition)] });
            parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Event.Stream.Namespace)] });
            parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Event.Stream.Key)] });
            parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Event.EventType)] });
            parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Event.Payload)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. events.Select(e => e.Event.PublishedAt)] });
        }
    }
}
