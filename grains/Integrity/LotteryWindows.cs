using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// What the lottery rules count over, per provider: tickets per terminal and sale day; sales per
/// draw and day, in total and per number. Idempotent by ticket number. Kept in the lottery watch's
/// memory (a reactivation starts it empty: its counts are floors), for the last
/// <see cref="DaysKept"/> sale days.
/// </summary>
public sealed class LotteryWindows
{
    public const int DaysKept = 3;

    private readonly HashSet<string> _tickets = [];
    private readonly Dictionary<(int Pos, DateOnly Day), int> _ticketsPerTerminal = [];
    private readonly Dictionary<(string Draw, DateOnly Day), long> _salesPerDraw = [];
    private readonly Dictionary<(string Draw, DateOnly Day, NumberType Type, string Number), long> _salesPerNumber = [];

    public bool Fold(TicketSold ticket)
    {
        if (!_tickets.Add(ticket.TicketNumber))
        {
            return false;
        }

        Prune(ticket.SaleDate);
        var terminal = (ticket.PosCode, ticket.SaleDate);
        _ticketsPerTerminal[terminal] = _ticketsPerTerminal.GetValueOrDefault(terminal) + 1;
        foreach (var line in ticket.Lines)
        {
            var draw = (line.DrawCode, ticket.SaleDate);
            _salesPerDraw[draw] = checked(_salesPerDraw.GetValueOrDefault(draw) + line.SoldCents);
            var number = (line.DrawCode, ticket.SaleDate, line.Type, line.Number);
            _salesPerNumber[number] = checked(_salesPerNumber.GetValueOrDefault(number) + line.SoldCents);
        }

        return true;
    }

    public int TicketsOf(int pos, DateOnly day) => _ticketsPerTerminal.GetValueOrDefault((pos, day));

    public long SalesOf(string draw, DateOnly day) => _salesPerDraw.GetValueOrDefault((draw, day));

    public long SalesOf(string draw, DateOnly day, NumberType type, string number) => _salesPerNumber.GetValueOrDefault((draw, day, type, number));

    private void Prune(DateOnly day)
    {
        var oldest = day.AddDays(-DaysKept);
        foreach (var key in _ticketsPerTerminal.Keys.Where(k => k.Day < oldest).ToList())
        {
            _ticketsPerTerminal.Remove(key);
        }

        foreach (var key in _salesPerDraw.Keys.Where(k => k.Day < oldest).ToList())
        {
            _salesPerDraw.Remove(key);
        }

        foreach (var key in _salesPerNumber.Keys.Where(k => k.Day < oldest).ToList())
        {
            _salesPerNumber.Remove(key);
        }
    }
}
