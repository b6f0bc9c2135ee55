namespace Lottopar.Runtime.Streams;

/// <summary>
/// An append-only table that receives every event of a stream namespace in the same SQL statement
/// (so the same transaction) as the state write that published it: a queryable record, not a
/// projection that lags. <see cref="InsertSql"/> is trusted code, never input: an INSERT that
/// selects from the relation <c>published(id, tx_id, stream_namespace, stream_key, event_type,
/// payload, published_at, publisher_type, publisher_key)</c>, which holds the rows just inserted
/// into <c>stream_events</c>, filtered to its namespace. In-memory storage keeps no archives.
/// </summary>
public sealed record StreamArchive(string Namespace, string InsertSql);
