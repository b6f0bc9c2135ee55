using FsCheck;
using FsCheck.Fluent;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Lottery;

/// <summary>The quota book: any sequence of sales and cancellations keeps every number within its quota.</summary>
public sealed class QuotaBookTests
{
    private static readonly LotterySettings Settings = new(
        DefaultLotteryCatalog.Catalog, new QuotaTable(Triple: 500, Terminal: 700, TripleZodiac: 300, TerminalZodiac: 400), new Dictionary<string, QuotaTable>
        {
            ["02"] = new QuotaTable(Triple: 90, Terminal: 0, TripleZodiac: 0, TerminalZodiac: 0),
        });

    [Fact]
    public void RecordSellsWhatIsLeftAndNeverMore()
    {
        var book = new QuotaBook([new TicketLine("01", NumberType.Triple, "320", 400, 400)]);

        var sold = book.Allocate([new SaleRecord("01", NumberType.Triple, "320", 300), new SaleRecord("01", NumberType.Terminal, "20", 50)], Settings);

        Assert.Equal([100L, 50L], sold);
    }

    [Fact]
    public void AnySequenceOfSalesAndCancellationsStaysWithinEveryQuota()
    {
        var record = Gen.Elements(
                new SaleRecord("01", NumberType.Triple, "320", 1), new SaleRecord("01", NumberType.Terminal, "20", 1),
                new SaleRecord("02", NumberType.Triple, "320", 1), new SaleRecord("02", NumberType.Terminal, "20", 1),
                new SaleRecord("13", NumberType.TripleZodiac, "02987", 1))
            .SelectMany(r => Gen.Choose(1, 250).Select(amount => r with { AmountCents = amount }));
        var step = record.SelectMany(r => Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true))).Select(cancel => (Record: r, CancelOne: cancel)));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(step.ListOf().ToArbitrary(), steps =>
        {
            var book = new QuotaBook([]);
            var standing = new List<TicketLine>();
            foreach (var (r, cancelOne) in steps)
            {
                if (cancelOne && standing.Count > 0)
                {
                    book.Remove(standing[0]);
                    standing.RemoveAt(0);
                    continue;
                }

                var sold = book.Allocate([r], Settings)[0];
                if (sold < 0 || sold > r.AmountCents)
                {
                    return false;
                }

                var line = new TicketLine(r.DrawCode, r.Type, r.Number, r.AmountCents, sold);
                book.Add(line);
                standing.Add(line);
            }

            return standing.GroupBy(l => (l.DrawCode, l.Type, l.Number))
                .All(g => g.Sum(l => l.SoldCents) == book.SoldOn(g.Key.DrawCode, g.Key.Type, g.Key.Number)
                    && g.Sum(l => l.SoldCents) <= Settings.QuotaOf(g.Key.DrawCode).For(g.Key.Type));
        }));
    }
}
