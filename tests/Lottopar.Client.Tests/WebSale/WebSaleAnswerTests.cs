using Lottopar.Client.WebSale;
using Xunit;

namespace Lottopar.Client.Tests.WebSale;

/// <summary>Every answer form of the document reads into its type; anything else is an error that keeps the body.</summary>
public sealed class WebSaleAnswerTests
{
    private const string Ticket = "20101130006000280000000042";

    /// <summary>Each operation's codes as the document lists them, with a word of each meaning: a swapped meaning fails.</summary>
    public static TheoryData<WebSaleOperation, int, string> DocumentCodes => new()
    {
        { WebSaleOperation.Sale, 0, "frame" },
        { WebSaleOperation.Sale, 6, "available" },
        { WebSaleOperation.Sale, 7, "closed" },
        { WebSaleOperation.Sale, 8, "disabled" },
        { WebSaleOperation.Sale, 9, "does not exist" },
        { WebSaleOperation.Sale, 10, "POS is inactive" },
        { WebSaleOperation.Sale, 11, "IP address" },
        { WebSaleOperation.Sale, 12, "printer serial" },
        { WebSaleOperation.Sale, 13, "invoice" },
        { WebSaleOperation.Cancellation, 0, "cancelled" },
        { WebSaleOperation.Cancellation, 1, "General error" },
        { WebSaleOperation.Cancellation, 2, "5-minute" },
        { WebSaleOperation.Cancellation, 3, "paid" },
        { WebSaleOperation.Cancellation, 4, "already cancelled" },
        { WebSaleOperation.Cancellation, 5, "does not exist" },
        { WebSaleOperation.Cancellation, 8, "disabled" },
        { WebSaleOperation.Cancellation, 9, "provider does not exist" },
        { WebSaleOperation.Cancellation, 10, "administrative POS" },
        { WebSaleOperation.Cancellation, 11, "IP address" },
        { WebSaleOperation.PrizeRegistration, 0, "registered as paid" },
        { WebSaleOperation.PrizeRegistration, 1, "General error" },
        { WebSaleOperation.PrizeRegistration, 2, "already been paid" },
        { WebSaleOperation.PrizeRegistration, 3, "ticket does not exist" },
        { WebSaleOperation.PrizeRegistration, 6, "date" },
        { WebSaleOperation.PrizeRegistration, 8, "disabled" },
        { WebSaleOperation.PrizeRegistration, 9, "provider does not exist" },
        { WebSaleOperation.PrizeRegistration, 10, "administrative POS" },
        { WebSaleOperation.PrizeRegistration, 11, "IP address" },
        { WebSaleOperation.TransactionCheck, 0, "later tickets" },
        { WebSaleOperation.TransactionCheck, 1, "ticket does not exist" },
        { WebSaleOperation.TransactionCheck, 4, "already cancelled" },
        { WebSaleOperation.TransactionCheck, 11, "IP address" },
        { WebSaleOperation.Results, 1, "no results" },
        { WebSaleOperation.Results, 6, "date" },
        { WebSaleOperation.Results, 7, "turn" },
        { WebSaleOperation.Results, 8, "disabled" },
        { WebSaleOperation.Results, 9, "provider does not exist" },
        { WebSaleOperation.Results, 10, "administrative POS" },
        { WebSaleOperation.Results, 11, "IP address" },
    };

    [Theory]
    [MemberData(nameof(DocumentCodes))]
    public void EveryCodeOfTheDocumentReadsWithItsMeaning(WebSaleOperation operation, int code, string meaningWord)
    {
        var body = code.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var answer = operation switch
        {
            WebSaleOperation.Sale => Assert.IsType<SaleRefused>(SaleAnswer.Parse(body)).Refusal,
            WebSaleOperation.Results => ResultsAnswer.Parse(body).Refusal!,
            _ => CodeAnswer.Parse(operation, body),
        };

        Assert.Equal((operation, code), (answer.Operation, answer.Code));
        Assert.Contains(meaningWord, answer.Meaning, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void EachOperationHasExactlyTheDocumentsCodes()
    {
        var documented = DocumentCodes.GroupBy(row => (WebSaleOperation)row[0], row => (int)row[1]);

        Assert.All(documented, codes => Assert.Equal(codes.Order(), WebSaleCodes.Of(codes.Key).Keys.Order()));
        Assert.Equal(Enum.GetValues<WebSaleOperation>(), documented.Select(g => g.Key).Order());
    }

    [Fact]
    public void ACodeTheOperationDoesNotHaveIsUnexpected()
    {
        foreach (var operation in Enum.GetValues<WebSaleOperation>())
        {
            foreach (var code in Enumerable.Range(0, 20).Where(c => !WebSaleCodes.Of(operation).ContainsKey(c)))
            {
                var body = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var error = Assert.Throws<UnexpectedAnswerException>(() => Parse(operation, body));
                Assert.Equal((operation, body), (error.Operation, error.Body));
            }
        }
    }

    [Fact]
    public void OnlyCancellationPrizeRegistrationAndCheckCountZeroAsSuccess()
    {
        Assert.True(CodeAnswer.Parse(WebSaleOperation.Cancellation, "0").IsSuccess);
        Assert.True(CodeAnswer.Parse(WebSaleOperation.PrizeRegistration, "0").IsSuccess);
        Assert.True(CodeAnswer.Parse(WebSaleOperation.TransactionCheck, "0").IsSuccess);
        Assert.False(CodeAnswer.Parse(WebSaleOperation.Sale, "0").IsSuccess);
        Assert.False(CodeAnswer.Parse(WebSaleOperation.Cancellation, "4").IsSuccess);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("01")]
    [InlineData(" 0")]
    [InlineData("0 ")]
    [InlineData("0\n")]
    [InlineData("+1")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("１")]
    [InlineData("ok")]
    public void ACodeWrittenAnyOtherWayIsUnexpected(string body) =>
        Assert.Equal(body, Assert.Throws<UnexpectedAnswerException>(() => CodeAnswer.Parse(WebSaleOperation.Cancellation, body)).Body);

    [Fact]
    public void A26DigitBodyIsASoldTicket()
    {
        var answer = Assert.IsType<TicketSold>(SaleAnswer.Parse(Ticket));

        Assert.Equal(Ticket, answer.TicketNumber);
    }

    [Fact]
    public void TheDocumentsPartialFormGivesWhatEachRecordSold()
    {
        var answer = Assert.IsType<TicketPartiallySold>(SaleAnswer.Parse($"{Ticket};01|01|0.1;01|02|0;"));

        Assert.Equal(Ticket, answer.TicketNumber);
        Assert.Equal([new SoldRecord("01", NumberType.Triple, 10), new SoldRecord("01", NumberType.Terminal, 0)], answer.Records);
    }

    [Fact]
    public void APartialAnswerReadsZodiacTypesAndLargeAmounts()
    {
        var answer = Assert.IsType<TicketPartiallySold>(SaleAnswer.Parse($"{Ticket};13|03|1.5;13|04|1000000;15|03|12.34;"));

        Assert.Equal(
            [new SoldRecord("13", NumberType.TripleZodiac, 150), new SoldRecord("13", NumberType.TerminalZodiac, 100_000_000), new SoldRecord("15", NumberType.TripleZodiac, 1234)],
            answer.Records);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2010113000600028000000004")]
    [InlineData("201011300060002800000000421")]
    [InlineData("2010113000600028000000004a")]
    [InlineData(" 20101130006000280000000042")]
    [InlineData("20101130006000280000000042\n")]
    [InlineData("20101130006000280000000042;")]
    [InlineData("20101130006000280000000042;01|01|0.1")]
    [InlineData("20101130006000280000000042;01|01|0.1;;")]
    [InlineData("20101130006000280000000042;;01|01|0.1;")]
    [InlineData("20101130006000280000000042;1|01|0.1;")]
    [InlineData("20101130006000280000000042;01|05|0.1;")]
    [InlineData("20101130006000280000000042;01|1|0.1;")]
    [InlineData("20101130006000280000000042;01|01|.1;")]
    [InlineData("20101130006000280000000042;01|01|0,1;")]
    [InlineData("20101130006000280000000042;01|01|1.234;")]
    [InlineData("20101130006000280000000042;01|01|-1;")]
    [InlineData("20101130006000280000000042;01|01;")]
    [InlineData("20101130006000280000000042;01|01|320|0.1;")]
    [InlineData("2010113000600028000000004;01|01|0.1;")]
    [InlineData("1")]
    [InlineData("5")]
    [InlineData("14")]
    [InlineData("<html><body>Service unavailable</body></html>")]
    public void AnyOtherSaleBodyIsUnexpectedAndKeptWhole(string body)
    {
        var error = Assert.Throws<UnexpectedAnswerException>(() => SaleAnswer.Parse(body));

        Assert.Equal(WebSaleOperation.Sale, error.Operation);
        Assert.Equal(body, error.Body);
        Assert.Contains($"'{body}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDocumentsResultsReadAsTriplesAndASign()
    {
        var answer = ResultsAnswer.Parse("01:482;02:861;13:02987;");

        Assert.True(answer.HasResults);
        Assert.Equal([new DrawResult("01", "482"), new DrawResult("02", "861"), new DrawResult("13", "02987")], answer.Results);
        Assert.Equal(("482", (int?)null), (answer.Results[0].Triple, answer.Results[0].Sign));
        Assert.Equal(("987", (int?)2), (answer.Results[2].Triple, answer.Results[2].Sign));
    }

    [Fact]
    public void NoResultsYetIsCodeOneNotAnEmptyList()
    {
        var answer = ResultsAnswer.Parse("1");

        Assert.False(answer.HasResults);
        Assert.Empty(answer.Results);
        Assert.Equal(1, answer.Refusal.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData(";")]
    [InlineData("0")]
    [InlineData("01:482;02:861;13:02987")]
    [InlineData("01:482;;")]
    [InlineData("01:482;01:483;")]
    [InlineData("01:48;")]
    [InlineData("01:4821;")]
    [InlineData("13:13987;")]
    [InlineData("13:00987;")]
    [InlineData("1:482;")]
    [InlineData("01-482;")]
    [InlineData("01:482:1;")]
    [InlineData("01:48a;")]
    public void AnyOtherResultsBodyIsUnexpected(string body) =>
        Assert.Equal(body, Assert.Throws<UnexpectedAnswerException>(() => ResultsAnswer.Parse(body)).Body);

    [Fact]
    public void ALongUnexpectedBodyIsShortenedInTheMessageButKeptWhole()
    {
        var body = new string('x', 5000);

        var error = Assert.Throws<UnexpectedAnswerException>(() => SaleAnswer.Parse(body));

        Assert.Equal(body, error.Body);
        Assert.True(error.Message.Length < 400, error.Message);
    }

    private static object Parse(WebSaleOperation operation, string body) => operation switch
    {
        WebSaleOperation.Sale => SaleAnswer.Parse(body),
        WebSaleOperation.Results => ResultsAnswer.Parse(body),
        _ => CodeAnswer.Parse(operation, body),
    };
}
