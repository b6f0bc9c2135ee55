using System.Text.Json;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Lottery;

public sealed class DefaultLotteryCatalogTests
{
    private static readonly LotteryCatalog Catalog = DefaultLotteryCatalog.Catalog;

    [Theory]
    [InlineData("01", 1, "Leon A 12m", "12:00", "11:55", false)]
    [InlineData("02", 1, "Leon B 12m", "12:00", "11:55", false)]
    [InlineData("13", 1, "Tripleton 12m", "12:00", "11:55", true)]
    [InlineData("03", 2, "Leon A 4:30pm", "16:30", "16:25", false)]
    [InlineData("04", 2, "Leon B 4:30pm", "16:30", "16:25", false)]
    [InlineData("14", 2, "Tripleton 4:30pm", "16:30", "16:25", true)]
    [InlineData("05", 3, "Leon A 7:30pm", "19:30", "19:25", false)]
    [InlineData("06", 3, "Leon B 7:30pm", "19:30", "19:25", false)]
    [InlineData("15", 3, "Tripleton 7:30pm", "19:30", "19:25", true)]
    public void DrawsAreTheDocumentsTable(string code, int turn, string name, string drawTime, string closingTime, bool tripleton)
    {
        var draw = Catalog.FindDraw(code);
        Assert.NotNull(draw);
        Assert.Equal("01", draw.LotteryCode);
        Assert.Equal(turn, draw.Turn);
        Assert.Equal(name, draw.Name);
        Assert.Equal(TimeOnly.ParseExact(drawTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture), draw.DrawTime);
        Assert.Equal(TimeOnly.ParseExact(closingTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture), draw.ClosingTime);
        Assert.Equal(
            tripleton ? [NumberType.TripleZodiac, NumberType.TerminalZodiac] : [NumberType.Triple, NumberType.Terminal],
            draw.NumberTypes);
        Assert.Equal(tripleton, draw.HasSign());
    }

    [Fact]
    public void TheOnlyLotteryIsLoteriaDeCaracasWithNineDraws()
    {
        Assert.Equal([new LotteryDefinition("01", "LOTERIA DE CARACAS")], Catalog.Lotteries);
        Assert.Equal(9, Catalog.Draws.Count);
    }

    [Fact]
    public void DefaultPayTableIsSixHundredSixtySixThousandAndSixHundred() =>
        Assert.Equal(new PayTable(Triple: 600, Terminal: 60, TripleZodiac: 6000, TerminalZodiac: 600), Catalog.PayTable);

    [Fact]
    public void DefaultCatalogPassesItsOwnRules() => Assert.Empty(LotteryCatalogRules.Validate(Catalog));

    [Theory]
    [InlineData(1, new[] { "01", "02", "13" })]
    [InlineData(2, new[] { "03", "04", "14" })]
    [InlineData(3, new[] { "05", "06", "15" })]
    [InlineData(4, new string[0])]
    public void DrawsOfATurnComeInCatalogOrder(int turn, string[] codes) =>
        Assert.Equal(codes, Catalog.DrawsOfTurn("01", turn).Select(d => d.Code));

    [Fact]
    public void UnknownCodesFindNothing()
    {
        Assert.Null(Catalog.FindDraw("07"));
        Assert.Null(Catalog.FindDraw(null));
        Assert.Null(Catalog.FindLottery("02"));
        Assert.NotNull(Catalog.FindLottery("01"));
    }

    [Fact]
    public void CatalogSurvivesAJsonRoundTripWithTypesAsCodesAndTimesAsText()
    {
        var json = JsonSerializer.Serialize(Catalog, JsonSerializerOptions.Web);
        var back = JsonSerializer.Deserialize<LotteryCatalog>(json, JsonSerializerOptions.Web);

        Assert.NotNull(back);
        Assert.Equal(json, JsonSerializer.Serialize(back, JsonSerializerOptions.Web));
        Assert.Contains("\"code\":\"13\",\"lotteryCode\":\"01\",\"turn\":1,\"name\":\"Tripleton 12m\",\"drawTime\":\"12:00:00\",\"closingTime\":\"11:55:00\",\"numberTypes\":[3,4]", json, StringComparison.Ordinal);
        Assert.Contains("\"payTable\":{\"triple\":600,\"terminal\":60,\"tripleZodiac\":6000,\"terminalZodiac\":600}", json, StringComparison.Ordinal);
        Assert.Empty(LotteryCatalogRules.Validate(back));
        var draw = back.FindDraw("14");
        Assert.NotNull(draw);
        Assert.Equal([NumberType.TripleZodiac, NumberType.TerminalZodiac], draw.NumberTypes);
    }

    [Fact]
    public void SaleRecordsAndTicketPartsSurviveAJsonRoundTrip()
    {
        var record = new SaleRecord("13", NumberType.TripleZodiac, "02987", 150);
        var parts = new TicketNumberParts(new DateOnly(2010, 11, 30), 6, 28, 4);
        var result = new DrawResult("987", 2);

        Assert.Equal(record, RoundTrip(record));
        Assert.Equal(parts, RoundTrip(parts));
        Assert.Equal(result, RoundTrip(result));
    }

    private static T? RoundTrip<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, JsonSerializerOptions.Web), JsonSerializerOptions.Web);
}
