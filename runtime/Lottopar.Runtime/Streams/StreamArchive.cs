namespace Lottopar.Runtime.Streams;

/// <summary>
/// A table that receives the events of a stream namespace in the same SQL statement (so the same
/// transaction) as the state write that published them: a queryable record, not a projection that
/// lags. <see cref="InsertSql"/> is trusted code, never input: one data-modifying statement (an
/// INSERT, or an UPDATE of rows an earlier event inserted) that reads the relation
/// <c>published(id, tx_id, stream_namespace, stream_key, event_type, payload, published_at,
/// publisher_type, publisher_key)</c>, the rows just inserted into <c>stream_events</c>, and filters
/// it to its namespace (and event types). All archives of a statement see the database as it was
/// before the statement, so an UPDATE never sees rows inserted by the same write.
/// In-memory storage keeps no archives.
/// </summary>
public sealed record StreamArchive(string Namespace, string InsertSql);
