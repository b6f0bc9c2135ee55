using System.Collections.Concurrent;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Lottopar.Providers.PostgreSql.Storage;
using Npgsql;

namespace Lottopar.Silo.Lottery;

/// <summary>
/// The ticket store (<c>lottery_tickets</c>): filled and updated in the same statement as the turn
/// grain's state (the archive statements below), read by the lottery grains (ILotterySales).
/// </summary>
public sealed class LotterySalesStore(NpgsqlDataSource dataSource) : ILotterySales, IDisposable
{
    /// <summary>The constraint that refuses an invoice number a POS already used (webSale code 13).</summary>
    public const string InvoiceConstraint = "lottery_tickets_invoice";

    /// <summary>Stream archive: a sold ticket becomes a row.</summary>
    public const string SoldArchiveSql = $$"""
        insert into lottery_tickets (ticket_number, oprid, provider_code, pos_code, invoice_number, lottery_code, turn, sale_date,
                                     sold_at, total_cents, lines, stream_event_id)
        select p.payload->>'ticketNumber', p.payload->>'oprid', (p.payload->>'providerCode')::integer, (p.payload->>'posCode')::integer,
               p.payload->>'invoiceNumber', p.payload->>'lotteryCode', (p.payload->>'turn')::integer, (p.payload->>'saleDate')::date,
               (p.payload->>'soldAt')::timestamptz, (p.payload->>'totalCents')::bigint, p.payload->'lines', p.id
        from published p
        where p.stream_namespace = 'lottery' and p.event_type = '{{LotteryStreams.TicketSoldEvent}}'
        """;

    /// <summary>Stream archive: a cancelled ticket's row changes status (only from sold; the grain checked).</summary>
    public const string CancelledArchiveSql = $$"""
        update lottery_tickets t set status = 'cancelled', cancelled_at = (p.payload->>'cancelledAt')::timestamptz
        from published p
        where p.stream_namespace = 'lottery' and p.event_type = '{{LotteryStreams.TicketCancelledEvent}}'
          and t.ticket_number = p.payload->>'ticketNumber' and t.status = 'sold'
        """;

    /// <summary>Stream archive: a paid ticket's row records the payment (only from sold; the grain checked).</summary>
    public const string PaidArchiveSql = $$"""
        update lottery_tickets t set status = 'paid', paid_at = (p.payload->>'paidAt')::timestamptz, prize_cents = (p.payload->>'prizeCents')::bigint
        from published p
        where p.stream_namespace = 'lottery' and p.event_type = '{{LotteryStreams.TicketPaidEvent}}'
          and t.ticket_number = p.payload->>'ticketNumber' and t.status = 'sold'
        """;

    private const int SequenceBlock = 100;
    private readonly ConcurrentQueue<long> _sequences = new();
    private readonly SemaphoreSlim _refill = new(1, 1);

    public async Task<IReadOnlyList<SoldTicketLines>> SoldTicketsAsync(string lotteryCode, int turn, DateOnly saleDate, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select ticket_number, lines::text from lottery_tickets
            where lottery_code = $1 and turn = $2 and sale_date = $3 and status <> 'cancelled'
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lotteryCode });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = turn });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = saleDate });
        var tickets = new List<SoldTicketLines>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tickets.Add(new SoldTicketLines(reader.GetString(0), RuntimeJson.Deserialize<List<TicketLine>>(reader.GetString(1))!));
        }

        return tickets;
    }

    public async Task<LotteryTicket?> FindTicketAsync(string ticketNumber, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select ticket_number, oprid, provider_code, pos_code, invoice_number, lottery_code, turn, sale_date, sold_at, lines::text, status
            from lottery_tickets where ticket_number = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ticketNumber });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var saleDate = reader.GetFieldValue<DateOnly>(7);
        return new LotteryTicket(
            reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4),
            new TurnKey(reader.GetString(5), reader.GetInt32(6), saleDate).ToString(), saleDate, reader.GetFieldValue<DateTimeOffset>(8),
            RuntimeJson.Deserialize<List<TicketLine>>(reader.GetString(9))!, Enum.Parse<TicketStatus>(reader.GetString(10), ignoreCase: true));
    }

    /// <summary>The provider's unpaid, uncancelled tickets registered after <paramref name="ticketNumber"/> (which must be the provider's), in order.</summary>
    public async Task<IReadOnlyList<(string TicketNumber, string TurnKey)>> SoldTicketsAfterAsync(string ticketNumber, int providerCode, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select t.ticket_number, t.lottery_code, t.turn, t.sale_date
            from lottery_tickets t
            where t.provider_code = $2 and t.status = 'sold'
              and t.id > (select g.id from lottery_tickets g where g.ticket_number = $1 and g.provider_code = $2)
            order by t.id
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ticketNumber });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = providerCode });
        var later = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            later.Add((reader.GetString(0), new TurnKey(reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateOnly>(3)).ToString()));
        }

        return later;
    }

    public async Task<HashSet<(int ProviderCode, int PosCode, string InvoiceNumber)>> InvoicesUsedAsync(
        IReadOnlyList<(int ProviderCode, int PosCode, string InvoiceNumber)> invoices, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select t.provider_code, t.pos_code, t.invoice_number
            from unnest($1::integer[], $2::integer[], $3::text[]) as wanted(provider_code, pos_code, invoice_number)
            join lottery_tickets t using (provider_code, pos_code, invoice_number)
            """);
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. invoices.Select(i => i.ProviderCode)] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. invoices.Select(i => i.PosCode)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. invoices.Select(i => i.InvoiceNumber)] });
        var used = new HashSet<(int, int, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            used.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2)));
        }

        return used;
    }

    /// <summary>Takes sequence values a hundred at a time, so most tickets need no round trip for their number.</summary>
    public bool IsInvoiceTaken(Exception writeFailure)
    {
        for (var error = writeFailure; error is not null; error = error.InnerException)
        {
            if (error is PostgresException { ConstraintName: InvoiceConstraint })
            {
                return true;
            }
        }

        return false;
    }

    public async Task<long> NextTicketSequenceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_sequences.TryDequeue(out var next))
            {
                return next;
            }

            await _refill.WaitAsync(cancellationToken);
            try
            {
                if (_sequences.IsEmpty)
                {
                    await using var command = dataSource.CreateCommand("select nextval('lottery_ticket_sequence') from generate_series(1, $1)");
                    command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = SequenceBlock });
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        _sequences.Enqueue(reader.GetInt64(0));
                    }
                }
            }
            finally
            {
                _refill.Release();
            }
        }
    }

    public void Dispose() => _refill.Dispose();
}
