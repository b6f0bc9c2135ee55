using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Lottery;

public sealed class WebSaleResponseTests
{
    private const string Ticket = "20101130006000280000000042";

    private static readonly SaleRecord Triple = new("01", NumberType.Triple, "320", 10);
    private static readonly SaleRecord Terminal = new("01", NumberType.Terminal, "32", 20);

    [Fact]
    public void PartialAvailabilityListsEveryRecordInFrameOrderWithWhatWasSold() =>
        Assert.Equal(
            "20101130006000280000000042;01|01|0.1;01|02|0;",
            WebSaleResponse.PartialAvailability(Ticket, [(Triple, 10), (Terminal, 0)]));

    [Fact]
    public void PartialAvailabilityWritesAmountsInTheirShortestForm()
    {
        var big = new SaleRecord("13", NumberType.TripleZodiac, "02987", 500);
        Assert.Equal(
            "20101130006000280000000042;13|03|1.5;01|02|0.05;",
            WebSaleResponse.PartialAvailability(Ticket, [(big, 150), (Terminal, 5)]));
    }

    [Theory]
    [InlineData("20101130006000280000000043", 10)] // wrong check digit
    [InlineData("0", 10)]
    [InlineData(Ticket, 11)] // more than asked
    [InlineData(Ticket, -1)]
    public void PartialAvailabilityRefusesABadTicketOrAmountSold(string ticket, long sold) =>
        Assert.ThrowsAny<ArgumentException>(() => WebSaleResponse.PartialAvailability(ticket, [(Triple, sold)]));

    [Fact]
    public void PartialAvailabilityRefusesATicketWithoutRecords() =>
        Assert.Throws<ArgumentException>(() => WebSaleResponse.PartialAvailability(Ticket, []));

    [Fact]
    public void ResultsBodyMatchesTheDocumentExample() =>
        Assert.Equal(
            "01:482;02:861;13:02987;",
            WebSaleResponse.Results([("01", new DrawResult("482", null)), ("02", new DrawResult("861", null)), ("13", new DrawResult("987", 2))]));

    [Fact]
    public void ResultsKeepTheOrderGiven() =>
        Assert.Equal(
            "13:12007;01:000;",
            WebSaleResponse.Results([("13", new DrawResult("007", 12)), ("01", new DrawResult("000", null))]));

    [Fact]
    public void NoResultsIsNotAnEmptyBody() => Assert.Throws<ArgumentException>(() => WebSaleResponse.Results([]));

    [Theory]
    [InlineData("1", "482", null)]
    [InlineData("001", "482", null)]
    [InlineData("0a", "482", null)]
    [InlineData("01", "48", null)]
    [InlineData("01", "4820", null)]
    [InlineData("13", "987", 0)]
    [InlineData("13", "987", 13)]
    public void MalformedResultsAreRefused(string drawCode, string triple, int? sign) =>
        Assert.Throws<ArgumentException>(() => WebSaleResponse.Results([(drawCode, new DrawResult(triple, sign))]));

    [Fact]
    public void ADrawListedTwiceIsRefused() =>
        Assert.Throws<ArgumentException>(() => WebSaleResponse.Results([("01", new DrawResult("482", null)), ("01", new DrawResult("483", null))]));
}
