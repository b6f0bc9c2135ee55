using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// What each number of a turn's draws has sold, against its quota. A record sells
/// min(requested, quota - sold); two records of one ticket never share a number (the frame
/// refuses repeats), so a ticket's allocation is computed record by record.
/// </summary>
public sealed class QuotaBook
{
    private readonly Dictionary<(string Draw, NumberType Type, string Number), long> _sold = [];

    /// <summary>A copy, to allocate tentatively while a batch of sales is not yet committed.</summary>
    public QuotaBook(QuotaBook other) => _sold = new(other._sold);

    public QuotaBook(IEnumerable<TicketLine> soldLines)
    {
        foreach (var line in soldLines)
        {
            Add(line);
        }
    }

    public long SoldOn(string drawCode, NumberType type, string number) => _sold.GetValueOrDefault((drawCode, type, number));

    /// <summary>The amount each record can sell now, in record order; nothing is taken until <see cref="Add"/>.</summary>
    public long[] Allocate(IReadOnlyList<SaleRecord> records, LotterySettings settings)
    {
        var sold = new long[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var left = settings.QuotaOf(r.DrawCode).For(r.Type) - SoldOn(r.DrawCode, r.Type, r.Number);
            sold[i] = Math.Clamp(left, 0, r.AmountCents);
        }

        return sold;
    }

    public void Add(TicketLine line) => Change(line, line.SoldCents);

    public void Remove(TicketLine line) => Change(line, -line.SoldCents);

    private void Change(TicketLine line, long amount)
    {
        var key = (line.DrawCode, line.Type, line.Number);
        var total = _sold.GetValueOrDefault(key) + amount;
        if (total == 0)
        {
            _sold.Remove(key);
        }
        else
        {
            _sold[key] = total;
        }
    }
}
