using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Betting;
using Lottopar.Grains.Payments;
using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Silo.Reports;
using Npgsql;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Silo.Projections;

/// <summary>
/// Bets, stakes, bonuses and winnings of each operator per Brasília day of the event's event_date,
/// from the "betting" stream, by the arithmetic of the player's own totals (<see cref="BettingActivity"/>).
/// Exactly once: see <see cref="OperatorActivityStore"/>.
/// </summary>
public sealed class BettingActivityProjection(OperatorActivityStore store) : IStreamProjection<BettingEventRecord>
{
    /// <summary>The subscription's name: it keys the projection's checkpoints and its stream positions.</summary>
    public const string Name = "operator-activity-betting";

    public Task ProjectAsync(IReadOnlyList<ProjectedEvent<BettingEventRecord>> batch, CancellationToken cancellationToken) =>
        store.ApplyAsync(Name, [.. batch.Select(e => new OperatorActivityEvent(
            e.Info, e.Item.Oprid, BettingActivity.DayOf(e.Item.Event), ActivityTotals.Of(BettingActivity.ChangeOf(e.Item.Event))))], cancellationToken);
}

/// <summary>
/// Deposits, withdrawals and refunds of each operator per Brasília day of the settlement, from the
/// "payments" stream's settlements (<see cref="PaymentActivity"/>, read from their ledger lines). Exactly
/// once: see <see cref="OperatorActivityStore"/>.
/// </summary>
public sealed class PaymentActivityProjection(OperatorActivityStore store) : IStreamProjection<PaymentSettled>
{
    /// <summary>The subscription's name: it keys the projection's checkpoints and its stream positions.</summary>
    public const string Name = "operator-activity-payments";

    public Task ProjectAsync(IReadOnlyList<ProjectedEvent<PaymentSettled>> batch, CancellationToken cancellationToken) =>
        store.ApplyAsync(Name, [.. batch.Select(e => new OperatorActivityEvent(
            e.Info, e.Item.Oprid, PaymentActivity.DayOf(e.Item), ActivityTotals.Of(PaymentActivity.ChangeOf(e.Item))))], cancellationToken);
}

/// <summary>
/// Adds batches of events to <c>operator_daily_activity</c>, each event exactly once although
/// delivery is at least once (a batch comes again after a crash or a failure before its checkpoint
/// moved, and for a moment after a partition changes owner two silos may deliver the same events).
/// <para>
/// Why it holds. A stream (namespace and OPRID) lives in one partition, and a partition's events are
/// delivered in log position order from a checkpoint that only moves forward, read behind the
/// transaction horizon so that no event can later appear below one already read
/// (the providers' <c>StreamDeliveryService</c>). So every delivery of a stream's events is a run in
/// increasing position that starts at or before the first event not yet applied; what a stream has
/// had applied is always a prefix of its events, and its last applied position
/// (<c>stream_projection_positions</c>) says exactly which: those at or below it. Each batch is one
/// transaction that locks the position rows of its streams (a concurrent delivery of the same stream
/// waits, then sees the moved position), skips the events at or below them, adds the rest with one
/// upsert per operator and day, and moves the positions: sums and positions commit together or not at all.
/// </para>
/// <para>
/// An event the delivery dead-letters (after its retries, tried alone) is never applied, and the
/// later events of its stream are: replaying it would find it below the position and skip it.
/// </para>
/// </summary>
public sealed class OperatorActivityStore(NpgsqlDataSource dataSource)
{
    // Rows are created, then locked and read, in one order (namespace, key) so that two deliveries never wait on each other in a cycle.
    private const string LockPositionsSql = """
        with streams as (select * from unnest($2::text[], $3::text[]) as s(stream_namespace, stream_key))
        insert into stream_projection_positions (projection, stream_namespace, stream_key, tx_id, event_id)
        select $1, stream_namespace, stream_key, 0, 0 from streams order by stream_namespace, stream_key
        on conflict do nothing
        """;

    private const string ReadPositionsSql = """
        select p.stream_namespace, p.stream_key, p.tx_id, p.event_id
        from stream_projection_positions p
        join unnest($2::text[], $3::text[]) as s(stream_namespace, stream_key) using (stream_namespace, stream_key)
        where p.projection = $1
        order by p.stream_namespace, p.stream_key
        for update of p
        """;

    private const string UpsertSql = """
        insert into operator_daily_activity as a
            (oprid, day, bets, stakes, bonuses, winnings, deposits, deposit_count, withdrawals, withdrawal_count, refunds)
        select * from unnest($1::text[], $2::date[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
                             $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])
        on conflict (oprid, day) do update set
            bets = a.bets + excluded.bets,
            stakes = a.stakes + excluded.stakes,
            bonuses = a.bonuses + excluded.bonuses,
            winnings = a.winnings + excluded.winnings,
            deposits = a.deposits + excluded.deposits,
            deposit_count = a.deposit_count + excluded.deposit_count,
            withdrawals = a.withdrawals + excluded.withdrawals,
            withdrawal_count = a.withdrawal_count + excluded.withdrawal_count,
            refunds = a.refunds + excluded.refunds
        """;

    private const string MovePositionsSql = """
        update stream_projection_positions p set tx_id = n.tx_id, event_id = n.event_id
        from unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) as n(stream_namespace, stream_key, tx_id, event_id)
        where p.projection = $1 and p.stream_namespace = n.stream_namespace and p.stream_key = n.stream_key
        """;

    /// <summary>Adds the events of <paramref name="batch"/> (in log order) not yet applied by <paramref name="projection"/>, in one transaction.</summary>
    public async Task ApplyAsync(string projection, IReadOnlyList<OperatorActivityEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var positions = await LockPositionsAsync(connection, transaction, projection, [.. batch.Select(e => e.Info.Stream).Distinct()], cancellationToken);
        var moved = new Dictionary<StreamId, StreamPosition>();
        var days = new SortedDictionary<(string Oprid, DateOnly Day), ActivityTotals>(DayOrder.Instance);
        foreach (var e in batch)
        {
            var stream = e.Info.Stream;
            var last = moved.TryGetValue(stream, out var inBatch) ? inBatch : positions[stream];
            if (e.Info.Position <= last)
            {
                continue;
            }

            moved[stream] = e.Info.Position;
            if (e.Change != ActivityTotals.None)
            {
                var key = (e.Oprid, e.Day);
                days[key] = days.TryGetValue(key, out var sum) ? sum + e.Change : e.Change;
            }
        }

        if (moved.Count == 0)
        {
            return; // every event applied before: the transaction rolls back, having changed nothing
        }

        await using var write = new NpgsqlBatch(connection, transaction);
        if (days.Count > 0)
        {
            write.BatchCommands.Add(Upsert(days));
        }

        write.BatchCommands.Add(MovePositions(projection, moved));
        await write.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The streams' last applied positions (the start for a stream never seen), their rows locked until the transaction ends.</summary>
    private static async Task<Dictionary<StreamId, StreamPosition>> LockPositionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string projection, IReadOnlyList<StreamId> streams, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlBatch(connection, transaction);
        foreach (var sql in new[] { LockPositionsSql, ReadPositionsSql })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = projection });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. streams.Select(s => s.Namespace)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. streams.Select(s => s.Key)] });
            read.BatchCommands.Add(command);
        }

        var positions = new Dictionary<StreamId, StreamPosition>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            positions[new(reader.GetString(0), reader.GetString(1))] = new StreamPosition(reader.GetInt64(2), reader.GetInt64(3));
        }

        return positions.Count == streams.Count
            ? positions
            : throw new InvalidOperationException($"{projection}: {streams.Count - positions.Count} stream position rows could not be locked.");
    }

    private static NpgsqlBatchCommand Upsert(SortedDictionary<(string Oprid, DateOnly Day), ActivityTotals> days)
    {
        var command = new NpgsqlBatchCommand(UpsertSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. days.Keys.Select(k => k.Oprid)] });
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. days.Keys.Select(k => k.Day)] });
        foreach (var column in ActivityTotals.Columns)
        {
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. days.Values.Select(column)] });
        }

        return command;
    }

    private static NpgsqlBatchCommand MovePositions(string projection, Dictionary<StreamId, StreamPosition> applied)
    {
        var command = new NpgsqlBatchCommand(MovePositionsSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = projection });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. applied.Keys.Select(s => s.Namespace)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. applied.Keys.Select(s => s.Key)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. applied.Values.Select(p => p.TransactionId)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. applied.Values.Select(p => p.EventId)] });
        return command;
    }

    /// <summary>Operator, then day, ordinal: the order the upsert locks its rows in, the same for every projection writing the table.</summary>
    private sealed class DayOrder : IComparer<(string Oprid, DateOnly Day)>
    {
        public static readonly DayOrder Instance = new();

        public int Compare((string Oprid, DateOnly Day) x, (string Oprid, DateOnly Day) y)
        {
            var byOperator = string.CompareOrdinal(x.Oprid, y.Oprid);
            return byOperator != 0 ? byOperator : x.Day.CompareTo(y.Day);
        }
    }
}

/// <summary>What one event adds to its operator's day, and where it sits in its stream.</summary>
public sealed record OperatorActivityEvent(StreamEventInfo Info, string Oprid, DateOnly Day, ActivityTotals Change);
