using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Silo.Lottery;
using Xunit;

namespace Lottopar.Silo.Tests.Lottery;

/// <summary>The edge's one map from verdicts to codes, against the document's tables, where operations differ.</summary>
public sealed class WebSaleCodesTests
{
    [Theory]
    [InlineData("0", WebSaleVerdict.UnknownProvider, "9")]
    [InlineData("1", WebSaleVerdict.UnknownProvider, "9")]
    [InlineData("3", WebSaleVerdict.UnknownProvider, "1")]
    [InlineData("0", WebSaleVerdict.ProviderDisabled, "8")]
    [InlineData("3", WebSaleVerdict.ProviderDisabled, "1")]
    [InlineData("3", WebSaleVerdict.AddressNotAllowed, "11")]
    [InlineData("0", WebSaleVerdict.Malformed, "0")]
    [InlineData("1", WebSaleVerdict.Malformed, "1")]
    [InlineData("0", WebSaleVerdict.PosNotActive, "10")]
    [InlineData("2", WebSaleVerdict.NoAdministrativePos, "10")]
    [InlineData("0", WebSaleVerdict.InvoiceInvalid, "13")]
    [InlineData("1", WebSaleVerdict.UnknownTicket, "5")]
    [InlineData("2", WebSaleVerdict.UnknownTicket, "3")]
    [InlineData("3", WebSaleVerdict.UnknownTicket, "1")]
    [InlineData("1", WebSaleVerdict.TicketCancelled, "4")]
    [InlineData("2", WebSaleVerdict.TicketCancelled, "3")]
    [InlineData("3", WebSaleVerdict.TicketCancelled, "4")]
    [InlineData("1", WebSaleVerdict.TicketPaid, "3")]
    [InlineData("2", WebSaleVerdict.TicketPaid, "2")]
    [InlineData("2", WebSaleVerdict.BadDate, "6")]
    [InlineData("4", WebSaleVerdict.BadTurn, "7")]
    [InlineData("4", WebSaleVerdict.NoResults, "1")]
    public void EachOperationAnswersAVerdictWithItsOwnCode(string operation, WebSaleVerdict verdict, string code) =>
        Assert.Equal(code, WebSaleCodes.Answer(operation, WebSaleOutcome.Of(verdict)));

    [Theory]
    [InlineData("3", WebSaleVerdict.NoAdministrativePos)]
    [InlineData("0", WebSaleVerdict.TooLate)]
    [InlineData("4", WebSaleVerdict.UnknownTicket)]
    public void AVerdictAnOperationCannotGiveIsAFaultNotACode(string operation, WebSaleVerdict verdict) =>
        Assert.Throws<InvalidOperationException>(() => WebSaleCodes.Answer(operation, WebSaleOutcome.Of(verdict)));
}
