using Lottopar.Providers.PostgreSql.Streams;

namespace Lottopar.Providers.PostgreSql.Storage;

/// <summary>
/// The two CTEs through which a write statement publishes its events. <c>published</c> gives each
/// event its row: an id drawn in publishing order, the id of the writing transaction, the whole
/// payload; the archives read it (<see cref="StreamArchive"/>). <c>logged</c> inserts those rows
/// into <c>stream_events</c>, where an event whose archive keeps its payload stores only the
/// archive's reference to it.
/// </summary>
internal sealed class PublishedEvents
{
    private readonly string _loggedPayload;

    public PublishedEvents(IEnumerable<StreamArchive> archives)
    {
        var keeping = archives.Where(a => a.KeepsPayload is not null).ToList();
        _loggedPayload = keeping.Count == 0
            ? "payload"
            : $"case stream_namespace {string.Join(" ", keeping.Select(a => $"when '{a.Namespace.Replace("'", "''")}' then ({a.KeepsPayload!.ReferenceSql})"))} else payload end";
    }

    /// <param name="publisher">The two publisher columns, named publisher_type and publisher_key.</param>
    /// <param name="source">FROM (and WHERE) over the events as <c>e</c>, with their columns partition, stream_namespace, stream_key, event_type, payload and published_at.</param>
    /// <param name="order">The publishing order. Ids are drawn after the sort (PostgreSQL evaluates a volatile select list after ORDER BY).</param>
    public string Ctes(string publisher, string source, string order) => $"""
        published as (
            select nextval('stream_events_id_seq') as id, pg_current_xact_id()::text::bigint as tx_id, e.partition, e.stream_namespace, e.stream_key,
                   e.event_type, e.payload, e.published_at, {publisher}
            {source}
            order by {order}),
        logged as (
            insert into stream_events (id, tx_id, partition, stream_namespace, stream_key, event_type, payload, published_at, publisher_type, publisher_key)
            overriding system value
            select id, tx_id, partition, stream_namespace, stream_key, event_type, {_loggedPayload}, published_at, publisher_type, publisher_key
            from published)
        """;
}
