using System.Globalization;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Lottery;

public sealed class TransactionCheckState
{
    /// <summary>The check under way: written before its first cancellation, emptied after its last has committed.</summary>
    public List<TurnCancellations> Pending { get; set; } = [];

    /// <summary>When the pending list was written; its reminder finishes it a while later if no check has.</summary>
    public DateTimeOffset? PendingSince { get; set; }
}

/// <summary>
/// A provider's transaction checks (operation 3), one at a time (not reentrant). A check's
/// cancellations may fall in several turns, each its own grain and commit; so the check writes
/// what it will cancel first, then has each turn cancel its share, then empties the list. A list
/// left by a check that stopped midway (a failed write drops this activation; a dead silo leaves
/// only the stored list) is finished by the provider's next check, before anything else, or by a
/// one-shot reminder registered before the list was written. The turns' cancellations are
/// idempotent, so every listed ticket ends cancelled (unless paid or cancelled by then).
/// </summary>
[GrainType("lottery_transaction_check")]
public sealed class TransactionCheckGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<TransactionCheckState> state,
    ILotterySales sales,
    TimeProvider clock,
    IOptions<OneShotReminderOptions> reminderOptions) : Grain, ITransactionCheckGrain, IRemindable
{
    private const string FinishReminder = "finish";

    /// <summary>How long a pending list waits for the next check before its reminder finishes it: longer than any check takes.</summary>
    private static readonly TimeSpan FinishAfter = TimeSpan.FromMinutes(1);

    private OneShotReminders? _reminders;

    private OneShotReminders Reminders => _reminders ??= new(this, clock, reminderOptions.Value);

    private int ProviderCode => int.Parse(this.GetPrimaryKeyString(), CultureInfo.InvariantCulture);

    public async Task<WebSaleVerdict> CheckAsync(string ticketNumber)
    {
        await FinishPendingAsync();
        var ticket = await sales.FindTicketAsync(ticketNumber, CancellationToken.None);
        if (ticket is null || ticket.ProviderCode != ProviderCode)
        {
            return WebSaleVerdict.UnknownTicket;
        }

        if (ticket.Status == TicketStatus.Cancelled)
        {
            return WebSaleVerdict.TicketCancelled;
        }

        var later = await sales.SoldTicketsAfterAsync(ticket.TicketNumber, ProviderCode, CancellationToken.None);
        if (later.Count == 0)
        {
            return WebSaleVerdict.Done;
        }

        // The reminder first: a stored list always has one to finish it.
        var now = clock.GetUtcNow();
        await Reminders.ScheduleAsync(FinishReminder, now + FinishAfter);
        state.State.Pending = [.. later.GroupBy(t => t.TurnKey, StringComparer.Ordinal).Select(turn => new TurnCancellations(turn.Key, [.. turn.Select(t => t.TicketNumber)]))];
        state.State.PendingSince = now;
        await state.WriteStateAsync();
        await FinishPendingAsync();
        return WebSaleVerdict.Done;
    }

    public Task<IReadOnlyList<TurnCancellations>> PendingAsync() => Task.FromResult<IReadOnlyList<TurnCancellations>>([.. state.State.Pending]);

    /// <summary>A list no check has finished: finished once its time has come, then the reminder goes. A failure leaves both for the next tick.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == FinishReminder && state.State.PendingSince is { } since)
        {
            if (!await Reminders.IsDueAsync(FinishReminder, since + FinishAfter))
            {
                return;
            }

            await FinishPendingAsync();
        }

        await Reminders.DoneAsync(reminderName);
    }

    /// <summary>
    /// One commit per turn, in the list's order; a turn that fails throws, and the list stays
    /// stored. The list is emptied only after every turn has committed, and its reminder then goes.
    /// </summary>
    private async Task FinishPendingAsync()
    {
        if (state.State.Pending.Count == 0)
        {
            return;
        }

        foreach (var turn in state.State.Pending)
        {
            await GrainFactory.Keyed<ILotteryTurnGrain>(turn.TurnKey).CancelForTransactionCheckAsync(turn.TicketNumbers, ProviderCode);
        }

        state.State.Pending = [];
        state.State.PendingSince = null;
        await state.WriteStateAsync();
        await Reminders.DoneAsync(FinishReminder);
    }
}
