using System.Globalization;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Grains.Lottery;

public sealed class LotteryTurnState : IHasOutbox
{
    public long Tickets { get; set; }

    public long Cancellations { get; set; }

    /// <summary>Centavos sold on tickets that are not cancelled.</summary>
    public long SoldCents { get; set; }

    public long PaidTickets { get; set; }

    public long PrizeCents { get; set; }

    /// <summary>Set by the closing reminder. The clock alone already refuses late sales; this records that the turn closed.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The ticket events of the turn being committed; the ticket store archives them in the same statement.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>
/// Sells the tickets of one turn, on Orleans (issue 16). The quotas live in memory (a
/// <see cref="QuotaBook"/> rebuilt from the ticket store on activation); each sale or cancellation
/// is one commit of the small state, the ticket event and its ticket-store row, and only then
/// changes the book. A failed commit drops the activation (failed-call guard), book and all.
/// </summary>
[GrainType("lottery_turn")]
public sealed class LotteryTurnGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<LotteryTurnState> state,
    TimeProvider clock,
    ILotterySales sales,
    IOptions<OneShotReminderOptions> reminderOptions) : Grain, ILotteryTurnGrain, IRemindable
{
    private const string ClosingReminder = "closing";

    private QuotaBook _book = null!;
    private string _lotteryCode = "";
    private int _turn;
    private DateOnly _day;
    private OneShotReminders? _reminders;

    private LotteryTurnState State => state.State;

    private OneShotReminders Reminders => _reminders ??= new(this, clock, reminderOptions.Value);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_lotteryCode, _turn, _day) = TurnKey.Parse(this.GetPrimaryKeyString());
        _book = new QuotaBook((await sales.SoldTicketsAsync(_lotteryCode, _turn, _day, cancellationToken)).SelectMany(t => t.Lines));
        if (State.ClosedAt is null && await ClosingAsync() is { } closing)
        {
            await Reminders.ScheduleAsync(ClosingReminder, closing);
        }
    }

    /// <summary>The closing one-shot: records, once, that the turn closed; removed only after that commit.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ClosingReminder || State.ClosedAt is not null || await ClosingAsync() is not { } closing)
        {
            await Reminders.DoneAsync(reminderName);
            return;
        }

        if (await Reminders.IsDueAsync(ClosingReminder, closing))
        {
            State.ClosedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
            await Reminders.DoneAsync(ClosingReminder);
        }
    }

    /// <summary>When the last draw of this turn closes on its day, or null for a turn without draws.</summary>
    private async Task<DateTimeOffset?> ClosingAsync()
    {
        var draws = (await GrainFactory.Keyed<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync()).Catalog.DrawsOfTurn(_lotteryCode, _turn);
        return draws.Count > 0 ? draws.Max(d => LotteryCalendar.ClosingInstant(d, _day)) : null;
    }

    public async Task<SaleOutcome> SellAsync(TicketSale sale) => (await SellManyAsync([sale]))[0];

    /// <summary>
    /// Sells in order, as if one by one, and commits every ticket of the batch in one write; the
    /// book changes only after that commit. A failed write fails the whole batch and drops this
    /// activation (the book is rebuilt from the store on the next call).
    /// </summary>
    public async Task<IReadOnlyList<SaleOutcome>> SellManyAsync(IReadOnlyList<TicketSale> batch)
    {
        var settings = await GrainFactory.Keyed<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync();
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
                State.Outbox.Publish(StreamOf(ticket.ProviderCode), LotteryStreams.TicketSoldEvent, ticket, now);
            }

            State.Tickets += sold.Count;
            State.SoldCents = checked(State.SoldCents + sold.Sum(t => t.TotalCents));
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception error) when (sales.IsInvoiceTaken(error))
            {
                // Another turn committed one of these invoice numbers a moment earlier; nothing of this
                // write committed, but the state in memory counted it: this activation goes.
                this.DeactivateOnIdle();
                return batch.Count == 1
                    ? [new SaleOutcome(SaleStatus.InvoiceUsed, null, new long[batch[0].Records.Count])]
                    : throw new DomainConflictException("numfact", "An invoice number of this batch was used a moment earlier; sell each alone.");
            }

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
                throw new ArgumentException($"Draw {record.DrawCode} is not a draw of turn {this.GetPrimaryKeyString()}.", nameof(sale));
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

        State.Outbox.Publish(StreamOf(providerCode), LotteryStreams.TicketCancelledEvent, new TicketCancelled(ticketNumber, providerCode, now, reason), now);
        State.Cancellations++;
        State.SoldCents -= ticket.Lines.Sum(l => l.SoldCents);
        await state.WriteStateAsync();
        foreach (var line in ticket.Lines)
        {
            _book.Remove(line);
        }

        return CancellationStatus.Cancelled;
    }

    public async Task<int> CancelForTransactionCheckAsync(IReadOnlyList<string> ticketNumbers, int providerCode)
    {
        var now = clock.GetUtcNow();
        var cancelled = new List<LotteryTicket>();
        foreach (var number in ticketNumbers.Distinct(StringComparer.Ordinal))
        {
            if (await FindOwnTicketAsync(number, providerCode) is { Status: TicketStatus.Sold } ticket)
            {
                State.Outbox.Publish(StreamOf(providerCode), LotteryStreams.TicketCancelledEvent,
                    new TicketCancelled(number, providerCode, now, CancellationReason.TransactionCheck), now);
                State.Cancellations++;
                State.SoldCents -= ticket.Lines.Sum(l => l.SoldCents);
                cancelled.Add(ticket);
            }
        }

        if (cancelled.Count == 0)
        {
            return 0;
        }

        // One write: the cancellations commit together or not at all (a failed write drops the
        // activation, and with it the counts changed above).
        await state.WriteStateAsync();
        foreach (var line in cancelled.SelectMany(t => t.Lines))
        {
            _book.Remove(line);
        }

        return cancelled.Count;
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

        var payTable = (await GrainFactory.Keyed<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync()).Catalog.PayTable;
        var results = new Dictionary<string, DrawResult?>();
        foreach (var drawCode in ticket.Lines.Select(l => l.DrawCode).Distinct())
        {
            results[drawCode] = (await GrainFactory.Keyed<ILotteryDrawGrain>(new DrawDayKey(drawCode, _day).ToString()).GetAsync()).Published;
        }

        if (PrizeRules.PrizeOf(ticket.Lines, code => results[code], payTable) is not { } prize || prize == 0)
        {
            return new PaymentOutcome(PaymentStatus.NotWinning, 0);
        }

        var paidAt = clock.GetUtcNow();
        State.Outbox.Publish(StreamOf(providerCode), LotteryStreams.TicketPaidEvent, new TicketPaid(ticketNumber, providerCode, paidAt, prize), paidAt);
        State.PaidTickets++;
        State.PrizeCents = checked(State.PrizeCents + prize);
        await state.WriteStateAsync();
        return new PaymentOutcome(PaymentStatus.Paid, prize);
    }

    private async Task<LotteryTicket?> FindOwnTicketAsync(string ticketNumber, int providerCode)
    {
        var ticket = await sales.FindTicketAsync(ticketNumber, CancellationToken.None);
        return ticket is not null && ticket.ProviderCode == providerCode && ticket.TurnKey == this.GetPrimaryKeyString() ? ticket : null;
    }

    private static StreamId StreamOf(int providerCode) => new(LotteryStreams.Namespace, providerCode.ToString(CultureInfo.InvariantCulture));
}
