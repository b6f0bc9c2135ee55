using System.Globalization;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Runtime;
using Lottopar.Runtime.Reminders;
using Lottopar.Runtime.Streams;

namespace Lottopar.Grains.Lottery;

public sealed class LotteryTurnState
{
    public long Tickets { get; set; }

    public long Cancellations { get; set; }

    /// <summary>Centavos sold on tickets that are not cancelled.</summary>
    public long SoldCents { get; set; }

    public long PaidTickets { get; set; }

    public long PrizeCents { get; set; }

    /// <summary>Set by the closing reminder. The clock alone already refuses late sales; this records that the turn closed.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>
/// Sells the tickets of one turn. The quotas live in memory (a <see cref="QuotaBook"/> rebuilt
/// from the ticket store on activation); each sale or cancellation is one commit of the small
/// state, the ticket event and its ticket-store row, and only then changes the book.
/// </summary>
[GrainType("lottery_turn")]
public sealed class LotteryTurnGrain(TimeProvider clock, ILotterySales sales) : Grain<LotteryTurnState>, ILotteryTurnGrain, IRemindable
{
    private const string ClosingReminder = "closing";

    private QuotaBook _book = null!;
    private string _lotteryCode = "";
    private int _turn;
    private DateOnly _day;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_lotteryCode, _turn, _day) = TurnKey.Parse(GetPrimaryKeyString());
        _book = new QuotaBook(await sales.SoldLinesAsync(_lotteryCode, _turn, _day, cancellationToken));
        if (State.ClosedAt is null)
        {
            var draws = (await GrainFactory.GetGrain<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync()).Catalog.DrawsOfTurn(_lotteryCode, _turn);
            if (draws.Count > 0)
            {
                var closing = draws.Max(d => LotteryCalendar.ClosingInstant(d, _day));
                await RegisterOrUpdateReminderAsync(ClosingReminder, TimeSpan.FromTicks(Math.Max(0, (closing - clock.GetUtcNow()).Ticks)), period: null);
            }
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ClosingReminder && State.ClosedAt is null)
        {
            State.ClosedAt = clock.GetUtcNow();
            await WriteStateAsync();
        }
    }

    public async Task<SaleOutcome> SellAsync(TicketSale sale) => (await SellManyAsync([sale]))[0];

    /// <summary>
    /// Sells in order, as if one by one, and commits every ticket of the batch in one write; the
    /// book changes only after that commit. A failed write fails the whole batch and drops this
    /// activation (the book is rebuilt from the store on the next call).
    /// </summary>
    public async Task<IReadOnlyList<SaleOutcome>> SellManyAsync(IReadOnlyList<TicketSale> batch)
    {
        var settings = await GrainFactory.GetGrain<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync();
        var now = clock.GetUtcNow();
        var usedInvoices = await sales.InvoicesUsedAsync([.. batch.Select(s => (s.ProviderCode, s.PosCode, s.InvoiceNumber))], CancellationToken.None);
        var outcomes = new SaleOutcome[batch.Count];
        var sold = new List<TicketSold>();
        var tentative = new QuotaBook(_book);
        for (var i = 0; i < batch.Count; i++)
        {
            var sale = batch[i];
            var nothing = new long[sale.Records.Count];
            if (IsClosed(sale, settings, now))
            {
                outcomes[i] = new SaleOutcome(SaleStatus.DrawClosed, null, nothing);
                continue;
            }

            // Also refuses an invoice number used by an earlier sale of this same batch.
            if (!usedInvoices.Add((sale.ProviderCode, sale.PosCode, sale.InvoiceNumber)))
            {
                outcomes[i] = new SaleOutcome(SaleStatus.InvoiceUsed, null, nothing);
                continue;
            }

            var amounts = tentative.Allocate(sale.Records, settings);
            if (amounts.All(a => a == 0))
            {
                outcomes[i] = new SaleOutcome(SaleStatus.NothingAvailable, null, amounts);
                continue;
            }

            var sequence = await sales.NextTicketSequenceAsync(CancellationToken.None);
            var ticketNumber = TicketNumber.Compose(_day, sale.ProviderCode, sale.PosCode, sequence);
            var lines = sale.Records.Select((r, k) => new TicketLine(r.DrawCode, r.Type, r.Number, r.AmountCents, amounts[k])).ToList();
            lines.ForEach(tentative.Add);
            sold.Add(new TicketSold(ticketNumber, sale.Oprid, sale.ProviderCode, sale.PosCode, sale.InvoiceNumber, _lotteryCode, _turn, _day, now, amounts.Sum(), lines));
            var complete = sale.Records.Select((r, k) => amounts[k] == r.AmountCents).All(full => full);
            outcomes[i] = new SaleOutcome(complete ? SaleStatus.Sold : SaleStatus.PartiallySold, ticketNumber, amounts);
        }

        if (sold.Count > 0)
        {
            foreach (var ticket in sold)
            {
                await StreamOf(ticket.ProviderCode).OnNextAsync(ticket);
            }

            State.Tickets += sold.Count;
            State.SoldCents = checked(State.SoldCents + sold.Sum(t => t.TotalCents));
            await WriteStateAsync();
            _book = tentative;
        }

        return outcomes;
    }

    /// <summary>
    /// The clock decides, not the closing reminder: a sale one millisecond late is refused even when
    /// the reminder has not fired yet.
    /// </summary>
    private bool IsClosed(TicketSale sale, LotterySettings settings, DateTimeOffset now)
    {
        foreach (var record in sale.Records)
        {
            var draw = settings.Catalog.FindDraw(record.DrawCode);
            if (draw is null || draw.LotteryCode != _lotteryCode || draw.Turn != _turn)
            {
                throw new ArgumentException($"Draw {record.DrawCode} is not a draw of turn {GetPrimaryKeyString()}.", nameof(sale));
            }

            if (now >= LotteryCalendar.ClosingInstant(draw, _day) || State.ClosedAt is not null)
            {
                return true;
            }
        }

        return false;
    }

    public async Task<CancellationStatus> CancelAsync(string ticketNumber, int providerCode, CancellationReason reason)
    {
        var ticket = await FindOwnTicketAsync(ticketNumber, providerCode);
        if (ticket is null)
        {
            return CancellationStatus.UnknownTicket;
        }

        if (ticket.Status == TicketStatus.Paid)
        {
            return CancellationStatus.AlreadyPaid;
        }

        if (ticket.Status == TicketStatus.Cancelled)
        {
            return CancellationStatus.AlreadyCancelled;
        }

        var now = clock.GetUtcNow();
        if (reason == CancellationReason.Pos && now - ticket.SoldAt > LotteryCalendar.CancellationWindow)
        {
            return CancellationStatus.TooLate;
        }

        await StreamOf(providerCode).OnNextAsync(new TicketCancelled(ticketNumber, providerCode, now, reason));
        State.Cancellations++;
        State.SoldCents -= ticket.Lines.Sum(l => l.SoldCents);
        await WriteStateAsync();
        foreach (var line in ticket.Lines)
        {
            _book.Remove(line);
        }

        return CancellationStatus.Cancelled;
    }

    /// <summary>
    /// A ticket is paid once, in full, when every draw it plays has a published result and its
    /// prize (the sum over its lines, from the pay table) is above zero.
    /// </summary>
    public async Task<PaymentOutcome> PayAsync(string ticketNumber, int providerCode)
    {
        var ticket = await FindOwnTicketAsync(ticketNumber, providerCode);
        if (ticket is null || ticket.Status == TicketStatus.Cancelled)
        {
            return new PaymentOutcome(PaymentStatus.UnknownTicket, 0);
        }

        if (ticket.Status == TicketStatus.Paid)
        {
            return new PaymentOutcome(PaymentStatus.AlreadyPaid, 0);
        }

        var payTable = (await GrainFactory.GetGrain<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync()).Catalog.PayTable;
        var prize = 0L;
        foreach (var line in ticket.Lines)
        {
            var result = (await GrainFactory.GetGrain<ILotteryDrawGrain>(new DrawDayKey(line.DrawCode, _day).ToString()).GetAsync()).Published;
            if (result is null)
            {
                return new PaymentOutcome(PaymentStatus.NotWinning, 0);
            }

            prize = checked(prize + PrizeRules.PrizeFor(new SaleRecord(line.DrawCode, line.Type, line.Number, line.RequestedCents), line.SoldCents, result, payTable));
        }

        if (prize == 0)
        {
            return new PaymentOutcome(PaymentStatus.NotWinning, 0);
        }

        await StreamOf(providerCode).OnNextAsync(new TicketPaid(ticketNumber, providerCode, clock.GetUtcNow(), prize));
        State.PaidTickets++;
        State.PrizeCents = checked(State.PrizeCents + prize);
        await WriteStateAsync();
        return new PaymentOutcome(PaymentStatus.Paid, prize);
    }

    private async Task<LotteryTicket?> FindOwnTicketAsync(string ticketNumber, int providerCode)
    {
        var ticket = await sales.FindTicketAsync(ticketNumber, CancellationToken.None);
        return ticket is not null && ticket.ProviderCode == providerCode && ticket.TurnKey == GetPrimaryKeyString() ? ticket : null;
    }

    private IAsyncStream<object> StreamOf(int providerCode) =>
        GetStream<object>(new StreamId(LotteryStreams.Namespace, providerCode.ToString(CultureInfo.InvariantCulture)));
}
