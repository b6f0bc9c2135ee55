using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;

namespace Lottopar.Silo.Lottery;

/// <summary>
/// The one map from the desk's verdicts to the protocol's answers, per operation, as the document's
/// tables give them (lottery-websale-spec.es.txt): the same verdict is 9 for a sale and 1 for a
/// transaction check, whose table lists only 0, 1, 4 and 11. A verdict an operation cannot give is a
/// fault of ours, answered with the operation's failure code by the caller.
/// </summary>
public static class WebSaleCodes
{
    public static string Answer(string operation, WebSaleOutcome outcome) => (operation, outcome.Verdict) switch
    {
        ("0", WebSaleVerdict.Done) => outcome.TicketNumber!,
        ("0", WebSaleVerdict.PartiallySold) => WebSaleResponse.PartialAvailability(outcome.TicketNumber!,
            [.. outcome.SoldLines!.Select(l => (new SaleRecord(l.DrawCode, l.Type, l.Number, l.RequestedCents), l.SoldCents))]),
        ("0", WebSaleVerdict.Malformed) => "0",
        ("0", WebSaleVerdict.NothingAvailable) => "6",
        ("0", WebSaleVerdict.DrawClosed) => "7",
        ("0", WebSaleVerdict.PosNotActive) => "10",
        ("0", WebSaleVerdict.PrinterSerialMismatch) => "12",
        ("0", WebSaleVerdict.InvoiceInvalid) => "13",

        ("1", WebSaleVerdict.Done) => "0",
        ("1", WebSaleVerdict.Malformed) => "1",
        ("1", WebSaleVerdict.TooLate) => "2",
        ("1", WebSaleVerdict.TicketPaid) => "3",
        ("1", WebSaleVerdict.TicketCancelled) => "4",
        ("1", WebSaleVerdict.UnknownTicket) => "5",

        ("2", WebSaleVerdict.Done) => "0",
        ("2", WebSaleVerdict.Malformed or WebSaleVerdict.NotWinning) => "1",
        ("2", WebSaleVerdict.TicketPaid) => "2",
        ("2", WebSaleVerdict.UnknownTicket or WebSaleVerdict.TicketCancelled) => "3",
        ("2", WebSaleVerdict.BadDate) => "6",

        ("3", WebSaleVerdict.Done) => "0",
        ("3", WebSaleVerdict.TicketCancelled) => "4",
        ("3", WebSaleVerdict.AddressNotAllowed) => "11",
        ("3", WebSaleVerdict.UnknownProvider or WebSaleVerdict.ProviderDisabled or WebSaleVerdict.Malformed or WebSaleVerdict.UnknownTicket) => "1",

        ("4", WebSaleVerdict.Done) => WebSaleResponse.Results([.. outcome.Results!.Select(r => (r.DrawCode, r.Result))]),
        ("4", WebSaleVerdict.NoResults) => "1",
        ("4", WebSaleVerdict.BadDate) => "6",
        ("4", WebSaleVerdict.BadTurn) => "7",

        // The provider's refusals, shared by operations 0, 1, 2 and 4.
        ("0" or "1" or "2" or "4", WebSaleVerdict.ProviderDisabled) => "8",
        ("0" or "1" or "2" or "4", WebSaleVerdict.UnknownProvider) => "9",
        ("1" or "2" or "4", WebSaleVerdict.NoAdministrativePos) => "10",
        ("0" or "1" or "2" or "4", WebSaleVerdict.AddressNotAllowed) => "11",

        _ => throw new InvalidOperationException($"Operation {operation} has no answer for {outcome.Verdict}."),
    };
}
