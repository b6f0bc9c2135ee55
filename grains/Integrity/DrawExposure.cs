using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// What each number of a lottery turn's draws has sold on its sale day, across providers, folded
/// ticket by ticket (idempotent by ticket number). Cancellations are not subtracted: a cancelled
/// ticket counts until the exposure grain is reactivated (it then reads the turn's tickets again).
/// </summary>
public sealed class DrawExposure
{
    private readonly HashSet<string> _tickets = [];
    private readonly Dictionary<(string Draw, NumberType Type, string Number), long> _sold = [];

    /// <returns>False when the ticket was folded already.</returns>
    public bool Fold(string ticketNumber, IEnumerable<TicketLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (!_tickets.Add(ticketNumber))
        {
            return false;
        }

        foreach (var line in lines)
        {
            var key = (line.DrawCode, line.Type, line.Number);
            _sold[key] = checked(_sold.GetValueOrDefault(key) + line.SoldCents);
        }

        return true;
    }

    public long SoldOn(string drawCode, NumberType type, string number) => _sold.GetValueOrDefault((drawCode, type, number));
}
