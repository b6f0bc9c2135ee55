namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>
/// A table that receives the events of a stream namespace in the same SQL statement (so the same
/// transaction) as the state write that published them: a queryable record, not a projection that
/// lags. <see cref="InsertSql"/> is trusted code, never input: one data-modifying statement (an
/// INSERT, or an UPDATE of rows an earlier event inserted) that reads the relation
/// <c>published(id, tx_id, stream_namespace, stream_key, event_type, payload, published_at,
/// publisher_type, publisher_key)</c>, the events being written to <c>stream_events</c> with their
/// full payloads, and filters it to its namespace (and event types). All archives of a statement
/// see the database as it was before the statement, so an UPDATE never sees rows inserted by the
/// same write. In-memory storage keeps no archives.
/// </summary>
/// <param name="KeepsPayload">
/// Set when this archive stores every event of its namespace with its whole payload: the stream
/// log then keeps only a reference to the archived row, so a large payload is written once.
/// </param>
public sealed record StreamArchive(string Namespace, string InsertSql, ArchivedPayload? KeepsPayload = null);

/// <summary>
/// How the stream log refers to a payload its archive keeps. Both are trusted SQL.
/// </summary>
/// <param name="ReferenceSql">
/// An expression over <c>payload</c> (jsonb, the event's whole payload) giving what
/// <c>stream_events.payload</c> stores instead: enough to find the archived row, e.g. its key.
/// </param>
/// <param name="ResolveSql">
/// A query returning the archived payload (one jsonb value) of the stream row <c>s</c>, whose
/// <c>s.payload</c> is the reference. It must also accept a whole payload there (rows written before
/// the archive kept payloads).
/// </param>
public sealed record ArchivedPayload(string ReferenceSql, string ResolveSql);
