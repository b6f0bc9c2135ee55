using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Lottery;

public sealed class SaleFrameTests
{
    private static readonly LotteryCatalog Catalog = DefaultLotteryCatalog.Catalog;

    [Fact]
    public void DocumentExampleFrameParsesToTheTwoRecordsTheDocumentDescribes()
    {
        // Record 1: draw 01 (León A 12m), type 01 triple, number 320, amount 0.1;
        // record 2: draw 01, type 02 terminal, number 32, amount 0.2.
        Assert.True(SaleFrame.TryParse("01|01|320|0.1;01|02|32|0.2;", Catalog, out var records, out var reason), reason);
        Assert.Equal(
            [new SaleRecord("01", NumberType.Triple, "320", 10), new SaleRecord("01", NumberType.Terminal, "32", 20)],
            records);
    }

    [Fact]
    public void DocumentUrlExampleOfTheSecondTurnIsAccepted()
    {
        Assert.True(SaleFrame.TryParse("03|01|320|0.1;04|02|32|0.2;", Catalog, out var records, out var reason), reason);
        Assert.Equal(["03", "04"], records.Select(r => r.DrawCode));
    }

    [Fact]
    public void FrameWithoutTheTrailingSeparatorIsAccepted()
    {
        Assert.True(SaleFrame.TryParse("01|01|320|0.1;01|02|32|0.2", Catalog, out var records, out var reason), reason);
        Assert.Equal(2, records.Count);
    }

    [Fact]
    public void ZodiacNumbersAreReadAsSignThenDigits()
    {
        Assert.True(SaleFrame.TryParse("13|03|02987|1;13|04|1287|2.5;", Catalog, out var records, out var reason), reason);
        Assert.Equal(
            [new SaleRecord("13", NumberType.TripleZodiac, "02987", 100), new SaleRecord("13", NumberType.TerminalZodiac, "1287", 250)],
            records);
    }

    [Fact]
    public void LeonAndTripletonDrawsOfOneTurnMayShareATicket() =>
        Assert.True(SaleFrame.TryParse("05|01|320|1;06|02|32|1;15|03|01320|1", Catalog, out _, out var reason), reason);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void EmptyFrameIsRefused(string? data) => AssertRefused(data, "The frame is empty.");

    [Theory]
    [InlineData(";", "Record 1: the record is empty.")]
    [InlineData("01|01|320|0.1;;01|02|32|0.2", "Record 2: the record is empty.")]
    [InlineData("01|01|320|0.1;;", "Record 2: the record is empty.")]
    [InlineData(";01|01|320|0.1", "Record 1: the record is empty.")]
    public void EmptyRecordBeforeTheLastSeparatorIsRefused(string data, string reason) => AssertRefused(data, reason);

    [Theory]
    [InlineData("01|01|320")]
    [InlineData("01|01|320|1|")]
    [InlineData("01|01|320|1|5")]
    [InlineData("01")]
    public void RecordWithoutExactlyFourFieldsIsRefused(string data) => AssertRefused(data, "does not have the 4 fields");

    [Theory]
    [InlineData("99|01|320|1")]
    [InlineData("00|01|320|1")]
    [InlineData("1|01|320|1")]
    [InlineData("001|01|320|1")]
    [InlineData(" 01|01|320|1")]
    [InlineData("|01|320|1")]
    public void UnknownDrawCodeIsRefused(string data) => AssertRefused(data, "is not in the catalog");

    [Theory]
    [InlineData("01|00|320|1")]
    [InlineData("01|05|320|1")]
    [InlineData("01|1|320|1")]
    [InlineData("01|001|320|1")]
    [InlineData("01|ab|320|1")]
    [InlineData("01||320|1")]
    public void UnknownOrNonTwoDigitTypeCodeIsRefused(string data) => AssertRefused(data, "is not a number type code");

    [Theory]
    [InlineData("01|03|02987|1", "Record 1: draw 01 does not sell type 03 (TripleZodiac).")]
    [InlineData("01|04|0287|1", "Record 1: draw 01 does not sell type 04 (TerminalZodiac).")]
    [InlineData("13|01|320|1", "Record 1: draw 13 does not sell type 01 (Triple).")]
    [InlineData("13|02|32|1", "Record 1: draw 13 does not sell type 02 (Terminal).")]
    public void TypeTheDrawDoesNotSellIsRefused(string data, string reason) => AssertRefused(data, reason);

    [Theory]
    [InlineData("01|01|32|1")]
    [InlineData("01|01|3200|1")]
    [InlineData("01|01|3a0|1")]
    [InlineData("01|02|320|1")]
    [InlineData("13|03|987|1")]
    [InlineData("13|03|00987|1")]
    [InlineData("13|03|13987|1")]
    [InlineData("13|04|0087|1")]
    [InlineData("13|04|1387|1")]
    [InlineData("13|04|02987|1")]
    [InlineData("01|01||1")]
    public void NumberInTheWrongLayoutForItsTypeIsRefused(string data) => AssertRefused(data, "Record 1: number ");

    [Theory]
    [InlineData("01|01|320|0")]
    [InlineData("01|01|320|.5")]
    [InlineData("01|01|320|1.")]
    [InlineData("01|01|320|1,5")]
    [InlineData("01|01|320|-1")]
    [InlineData("01|01|320|1 ")]
    [InlineData("01|01|320|1000000.01")]
    [InlineData("01|01|320|")]
    public void BadAmountIsRefused(string data) => AssertRefused(data, "Record 1: amount ");

    [Fact]
    public void FrameMixingTurnsIsRefused() =>
        AssertRefused("01|01|320|1;03|01|320|1", "Record 2: draw 03 is of turn 2 but record 1 is of turn 1; a ticket holds one turn.");

    [Fact]
    public void FrameMixingLotteriesIsRefused()
    {
        var catalog = Catalog with
        {
            Lotteries = [.. Catalog.Lotteries, new LotteryDefinition("02", "OTRA")],
            Draws = [.. Catalog.Draws, new DrawDefinition("21", "02", 1, "Otra 12m", new TimeOnly(12, 0), new TimeOnly(11, 55), [NumberType.Triple])],
        };

        Assert.False(SaleFrame.TryParse("01|01|320|1;21|01|320|1", catalog, out var records, out var reason));
        Assert.Equal("Record 2: draw 21 is of lottery 02 but record 1 is of lottery 01; a ticket holds one lottery.", reason);
        Assert.Empty(records);
    }

    [Fact]
    public void SameDrawTypeAndNumberTwiceIsRefused() =>
        AssertRefused("01|01|320|1;01|02|32|1;01|01|320|2", "Record 3: number 320 of type 01 in draw 01 is already in the frame.");

    [Fact]
    public void SameNumberInAnotherDrawOrTypeIsAccepted() =>
        Assert.True(SaleFrame.TryParse("01|01|320|1;02|01|320|1;01|02|20|1;13|03|01320|1;13|03|02320|1", Catalog, out _, out var reason), reason);

    [Fact]
    public void FrameOfAHundredRecordsIsAcceptedAndOneMoreIsRefused()
    {
        var hundred = string.Join(";", Enumerable.Range(0, 100).Select(i => $"01|01|{i:D3}|1")) + ";";
        Assert.True(SaleFrame.TryParse(hundred, Catalog, out var records, out var reason), reason);
        Assert.Equal(100, records.Count);

        AssertRefused(hundred + "01|01|100|1", "The frame has 101 records; at most 100 are accepted.");
    }

    [Fact]
    public void FrameLongerThanEightThousandCharactersIsRefusedBeforeAnythingElse()
    {
        AssertRefused(new string(';', 8_001), "The frame has 8001 characters; at most 8000 are accepted.");
        Assert.False(SaleFrame.TryParse(new string('x', 8_000), Catalog, out _, out var reason));
        Assert.StartsWith("Record 1:", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReasonsDoNotEchoLongOrUnprintableInput()
    {
        AssertRefused("01|01|320|" + new string('9', 50), "Record 1: amount (50 characters, not shown) is not an amount");
        AssertRefused("01|01|3\u00000|1", "Record 1: number (3 characters, not shown)");
    }

    [Fact]
    public void ReasonNamesTheFirstFailingRecord() =>
        AssertRefused("01|01|320|1;01|01|321|1;01|01|322|x;01|01|3|1", "Record 3: amount 'x'");

    [Fact]
    public void AcceptedFramesReturnNoReasonAndRefusedOnesNoRecords()
    {
        Assert.True(SaleFrame.TryParse("01|01|320|1", Catalog, out _, out var reason));
        Assert.Null(reason);
        Assert.False(SaleFrame.TryParse("01|01|320|1;99|01|320|1", Catalog, out var records, out _));
        Assert.Empty(records);
    }

    private static void AssertRefused(string? data, string expectedReason)
    {
        Assert.False(SaleFrame.TryParse(data, Catalog, out var records, out var reason));
        Assert.Empty(records);
        Assert.Contains(expectedReason, reason, StringComparison.Ordinal);
    }
}
