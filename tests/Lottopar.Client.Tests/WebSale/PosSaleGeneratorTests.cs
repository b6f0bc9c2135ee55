using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Lottopar.Client.WebSale;
using Xunit;

namespace Lottopar.Client.Tests.WebSale;

/// <summary>Generated sale lines are ones the server would read: the draw's own types, in their layouts.</summary>
public sealed partial class PosSaleGeneratorTests
{
    private static readonly string[] LeonDraws = ["01", "02", "03", "04", "05", "06"];
    private static readonly string[] TripletonDraws = ["13", "14", "15"];

    [Fact]
    public void EveryNumberMatchesItsTypesLayoutAndItsDrawSellsTheType()
    {
        var draws = Gen.SubListOf([.. LeonDraws, .. TripletonDraws]).Where(list => list.Count > 0);
        var cases = (from subset in draws
                     from seed in Gen.Choose(int.MinValue, int.MaxValue)
                     from cents in Gen.Choose(1, (int)WireAmount.MaxCents)
                     select (Draws: subset.ToArray(), Seed: seed, Cents: (long)cents)).ToArbitrary();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(cases, c =>
        {
            var generator = new PosSaleGenerator(c.Draws, c.Cents);
            var random = new Random(c.Seed);
            return Enumerable.Range(0, 50).Select(_ => generator.Next(random)).All(line =>
                c.Draws.Contains(line.DrawCode)
                && line.AmountCents == c.Cents
                && Layout(line.Type).IsMatch(line.Number)
                && (LeonDraws.Contains(line.DrawCode)
                    ? line.Type is NumberType.Triple or NumberType.Terminal
                    : line.Type is NumberType.TripleZodiac or NumberType.TerminalZodiac));
        }));
    }

    [Fact]
    public void AllTypesOfADrawAndAllTwelveSignsComeUp()
    {
        var generator = new PosSaleGenerator(["01", "13"]);
        var random = new Random(7);

        var lines = Enumerable.Range(0, 5000).Select(_ => generator.Next(random)).ToList();

        Assert.Equal(Enum.GetValues<NumberType>(), lines.Select(l => l.Type).Distinct().Order());
        Assert.Equal(Enumerable.Range(1, 12), lines.Where(l => NumberTypes.IsZodiac(l.Type)).Select(l => int.Parse(l.Number[..2])).Distinct().Order());
        Assert.All(lines, line => Assert.Equal(PosSaleGenerator.DefaultAmountCents, line.AmountCents));
    }

    [Theory]
    [InlineData("07")]
    [InlineData("1")]
    [InlineData("")]
    public void ADrawOutsideTheDocumentsTableIsRefused(string draw) =>
        Assert.Throws<ArgumentException>(() => new PosSaleGenerator(["01", draw]));

    [Theory]
    [InlineData(0)]
    [InlineData(100_000_001)]
    public void AnAmountThatCannotBeSoldIsRefused(long cents) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PosSaleGenerator(["01"], cents));

    /// <summary>The layouts of docs/websale-protocol.md, written independently of the client's own check.</summary>
    private static Regex Layout(NumberType type) => type switch
    {
        NumberType.Triple => TripleLayout(),
        NumberType.Terminal => TerminalLayout(),
        NumberType.TripleZodiac => TripleZodiacLayout(),
        _ => TerminalZodiacLayout(),
    };

    [GeneratedRegex("^[0-9]{3}$")]
    private static partial Regex TripleLayout();

    [GeneratedRegex("^[0-9]{2}$")]
    private static partial Regex TerminalLayout();

    [GeneratedRegex("^(0[1-9]|1[0-2])[0-9]{3}$")]
    private static partial Regex TripleZodiacLayout();

    [GeneratedRegex("^(0[1-9]|1[0-2])[0-9]{2}$")]
    private static partial Regex TerminalZodiacLayout();
}
