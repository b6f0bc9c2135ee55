using FsCheck;
using FsCheck.Fluent;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Lottery;

/// <summary>The sale frame against generated input: valid frames read back, and no input makes the parser throw.</summary>
public sealed class SaleFramePropertyTests
{
    private static readonly LotteryCatalog Catalog = DefaultLotteryCatalog.Catalog;

    private static readonly char[] FrameAlphabet = "0123456789012345|||;;;..,-+e \t\u0000\u00e9\u0661\uffff".ToCharArray();

    [Fact]
    public void GeneratedValidFramesReadBackAsTheirRecords()
    {
        var property = Prop.ForAll(ValidFrames().ToArbitrary(), frame =>
        {
            var accepted = SaleFrame.TryParse(frame.Text, Catalog, out var records, out var reason);
            return (accepted && records.SequenceEqual(frame.Records)).Label($"{frame.Text} -> {reason}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Fact]
    public void RandomStringsNeverMakeTheParserThrow()
    {
        var anyChar = Gen.Choose(0, char.MaxValue).Select(c => (char)c);
        var chars = Gen.Frequency((3, Gen.Elements(FrameAlphabet)), (1, anyChar));
        var strings = chars.ArrayOf().Select(c => new string(c)).OrNull().ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(strings, text => ParsesWithinTheRules(text)));
    }

    [Fact]
    public void MutatedValidFramesNeverMakeTheParserThrowAndWhatIsAcceptedKeepsTheRules()
    {
        var mutated = ValidFrames().SelectMany(frame => Gen.Choose(1, 4).SelectMany(n => Mutate(frame.Text, n)));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(mutated.ToArbitrary(), text => ParsesWithinTheRules(text)));
    }

    /// <summary>Whatever the input, parsing returns, and an accepted frame only holds records the rules allow.</summary>
    private static bool ParsesWithinTheRules(string? text)
    {
        if (!SaleFrame.TryParse(text, Catalog, out var records, out var reason))
        {
            return records.Count == 0 && !string.IsNullOrEmpty(reason);
        }

        var draws = records.Select(r => Catalog.FindDraw(r.DrawCode)).ToList();
        return reason is null
            && records.Count is > 0 and <= SaleFrame.MaxRecords
            && draws.All(d => d is not null)
            && records.Zip(draws).All(p => p.Second!.Sells(p.First.Type) && LotteryNumber.IsValid(p.First.Type, p.First.Number))
            && records.All(r => r.AmountCents is > 0 and <= WebSaleAmount.MaxCents)
            && draws.Select(d => (d!.LotteryCode, d.Turn)).Distinct().Count() == 1
            && records.Select(r => (r.DrawCode, r.Type, r.Number)).Distinct().Count() == records.Count;
    }

    private static Gen<(string Text, List<SaleRecord> Records)> ValidFrames() =>
        from turn in Gen.Choose(1, 3)
        from records in Gen.NonEmptyListOf(Records(Catalog.DrawsOfTurn(DefaultLotteryCatalog.CaracasCode, turn)))
        from trailing in Gen.Elements(true, false)
        let distinct = records.DistinctBy(r => (r.DrawCode, r.Type, r.Number)).Take(SaleFrame.MaxRecords).ToList()
        select (Text: string.Join(";", distinct.Select(Wire)) + (trailing ? ";" : ""), Records: distinct);

    private static Gen<SaleRecord> Records(IReadOnlyList<DrawDefinition> draws) =>
        from draw in Gen.Elements(draws.ToArray())
        from type in Gen.Elements(draw.NumberTypes.ToArray())
        from sign in Gen.Choose(ZodiacSigns.First, ZodiacSigns.Last)
        from digits in Gen.Choose(0, 999)
        from cents in Gen.Frequency((3, Gen.Choose(1, 10_000)), (1, Gen.Choose(1, (int)WebSaleAmount.MaxCents)))
        select new SaleRecord(draw.Code, type, Number(type, sign, digits), cents);

    private static string Number(NumberType type, int sign, int digits) => type switch
    {
        NumberType.Triple => $"{digits:D3}",
        NumberType.Terminal => $"{digits % 100:D2}",
        NumberType.TripleZodiac => $"{sign:D2}{digits:D3}",
        _ => $"{sign:D2}{digits % 100:D2}",
    };

    private static string Wire(SaleRecord r) => $"{r.DrawCode}|{(int)r.Type:D2}|{r.Number}|{WebSaleAmount.Format(r.AmountCents)}";

    private static Gen<string> Mutate(string text, int times) => times == 0
        ? Gen.Constant(text)
        : Mutation(text).SelectMany(next => Mutate(next, times - 1));

    /// <summary>Deletes, inserts, replaces or duplicates characters, or cuts the frame short.</summary>
    private static Gen<string> Mutation(string text) =>
        from kind in Gen.Choose(0, 4)
        from at in Gen.Choose(0, text.Length)
        from length in Gen.Choose(0, Math.Max(0, text.Length - at))
        from c in Gen.Elements(FrameAlphabet)
        select kind switch
        {
            0 when at < text.Length => text.Remove(at, 1),
            1 => text.Insert(at, c.ToString()),
            2 when at < text.Length => text[..at] + c + text[(at + 1)..],
            3 => text.Insert(at, text.Substring(at, length)),
            _ => text[..at],
        };
}
