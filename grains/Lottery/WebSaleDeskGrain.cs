using System.Globalization;
using System.Net;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Lottery;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// The rules of the webSale operations, each checked in the document's order and answered with a
/// verdict (the edge turns verdicts into each operation's codes). It keeps nothing of its own, so it
/// is a reentrant stateless worker: requests run side by side on the silo that received them, and
/// sales of one turn meet at the turn's window (<see cref="ITurnSaleWindow"/>), where they are batched.
/// </summary>
[StatelessWorker]
[Reentrant]
[GrainType("websale_desk")]
public sealed class WebSaleDeskGrain(
    WebSaleProviders providers,
    ILotterySales sales,
    ITurnSaleWindow window,
    TimeProvider clock,
    ILogger<WebSaleDeskGrain> logger) : Grain, IWebSaleDeskGrain
{
    /// <summary>The key every caller uses: one worker kind, as many activations as the load needs.</summary>
    public const string Key = "desk";

    /// <summary>
    /// Provider (unknown, address, disabled), POS registered and active, printer serial, invoice
    /// number of 8 digits, frame; then the turn: draw closed, invoice already used, nothing
    /// available, else the ticket (in full, or partially).
    /// </summary>
    public async Task<WebSaleOutcome> SellAsync(WebSaleRequest request)
    {
        var (provider, refusal) = await ProviderAsync(request);
        if (provider is null)
        {
            return WebSaleOutcome.Of(refusal);
        }

        var pos = WebSaleFields.Number(request.PosCode, 5) is { } posCode ? provider.FindPos(posCode) : null;
        if (pos is null || !pos.Active)
        {
            return WebSaleOutcome.Of(WebSaleVerdict.PosNotActive);
        }

        if (!string.Equals(request.PrinterSerial, pos.PrinterSerial, StringComparison.OrdinalIgnoreCase))
        {
            return WebSaleOutcome.Of(WebSaleVerdict.PrinterSerialMismatch);
        }

        if (!WebSaleFields.IsInvoiceNumber(request.InvoiceNumber))
        {
            return WebSaleOutcome.Of(WebSaleVerdict.InvoiceInvalid);
        }

        var catalog = (await GrainFactory.Keyed<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync()).Catalog;
        if (!SaleFrame.TryParse(request.Data, catalog, out var records, out var reason))
        {
            logger.LogDebug("Sale frame of provider {Provider} refused: {Reason}", provider.ProviderCode, reason);
            return WebSaleOutcome.Of(WebSaleVerdict.Malformed);
        }

        var draw = catalog.FindDraw(records[0].DrawCode)!;
        var turn = new TurnKey(draw.LotteryCode, draw.Turn, LotteryCalendar.SaleDate(clock.GetUtcNow())).ToString();
        var sale = new TicketSale(provider.Registry.Oprid, provider.ProviderCode, int.Parse(pos.PosCode, CultureInfo.InvariantCulture), request.InvoiceNumber!, records);
        var outcome = await window.SellAsync(turn, sale);
        return outcome.Status switch
        {
            SaleStatus.Sold => new WebSaleOutcome(WebSaleVerdict.Done, outcome.TicketNumber),
            SaleStatus.PartiallySold => new WebSaleOutcome(WebSaleVerdict.PartiallySold, outcome.TicketNumber,
                [.. records.Select((r, i) => new TicketLine(r.DrawCode, r.Type, r.Number, r.AmountCents, outcome.SoldCents[i]))]),
            SaleStatus.NothingAvailable => WebSaleOutcome.Of(WebSaleVerdict.NothingAvailable),
            SaleStatus.DrawClosed => WebSaleOutcome.Of(WebSaleVerdict.DrawClosed),

            // Two sales with one invoice number racing on different turns: the later commit is refused.
            SaleStatus.InvoiceUsed => WebSaleOutcome.Of(WebSaleVerdict.InvoiceInvalid),
            _ => throw new InvalidOperationException($"Unexpected sale outcome {outcome.Status}."),
        };
    }

    /// <summary>
    /// Provider, administrative POS, poscod and ticket number well formed; the ticket (unknown or
    /// another provider's); then its turn: paid, cancelled, past the window, else cancelled now.
    /// </summary>
    public async Task<WebSaleOutcome> CancelAsync(WebSaleRequest request)
    {
        var (provider, refusal) = await TicketOperationAsync(request);
        if (provider is null)
        {
            return WebSaleOutcome.Of(refusal);
        }

        if (await OwnTicketAsync(provider, request) is not { } ticket)
        {
            return WebSaleOutcome.Of(WebSaleVerdict.UnknownTicket);
        }

        return WebSaleOutcome.Of(await GrainFactory.Keyed<ILotteryTurnGrain>(ticket.TurnKey).CancelAsync(ticket.TicketNumber, provider.ProviderCode, CancellationReason.Pos) switch
        {
            CancellationStatus.Cancelled => WebSaleVerdict.Done,
            CancellationStatus.TooLate => WebSaleVerdict.TooLate,
            CancellationStatus.AlreadyPaid => WebSaleVerdict.TicketPaid,
            CancellationStatus.AlreadyCancelled => WebSaleVerdict.TicketCancelled,
            _ => WebSaleVerdict.UnknownTicket,
        });
    }

    /// <summary>
    /// Provider, administrative POS, poscod and ticket number well formed, the date; the ticket
    /// (unknown or another provider's, cancelled, sold on another date); then its turn: already
    /// paid, not winning (or results not published), else paid now.
    /// </summary>
    public async Task<WebSaleOutcome> PayAsync(WebSaleRequest request)
    {
        var (provider, refusal) = await TicketOperationAsync(request);
        if (provider is null)
        {
            return WebSaleOutcome.Of(refusal);
        }

        if (WebSaleFields.Date(request.Date) is not { } date)
        {
            return WebSaleOutcome.Of(WebSaleVerdict.BadDate);
        }

        if (await OwnTicketAsync(provider, request) is not { } ticket)
        {
            return WebSaleOutcome.Of(WebSaleVerdict.UnknownTicket);
        }

        if (ticket.Status == TicketStatus.Cancelled)
        {
            return WebSaleOutcome.Of(WebSaleVerdict.TicketCancelled);
        }

        if (ticket.SaleDate != date)
        {
            return WebSaleOutcome.Of(WebSaleVerdict.BadDate);
        }

        return WebSaleOutcome.Of((await GrainFactory.Keyed<ILotteryTurnGrain>(ticket.TurnKey).PayAsync(ticket.TicketNumber, provider.ProviderCode)).Status switch
        {
            PaymentStatus.Paid => WebSaleVerdict.Done,
            PaymentStatus.NotWinning => WebSaleVerdict.NotWinning,
            PaymentStatus.AlreadyPaid => WebSaleVerdict.TicketPaid,
            _ => WebSaleVerdict.UnknownTicket,
        });
    }

    /// <summary>
    /// Provider (no administrative POS needed), poscod a POS of the provider and a well-formed
    /// ticket number; then the provider's transaction checks, one at a time, cancel what follows.
    /// </summary>
    public async Task<WebSaleOutcome> CheckTransactionsAsync(WebSaleRequest request)
    {
        var (provider, refusal) = await ProviderAsync(request);
        if (provider is null)
        {
            return WebSaleOutcome.Of(refusal);
        }

        if (!IsPosAndTicket(provider, request))
        {
            return WebSaleOutcome.Of(WebSaleVerdict.Malformed);
        }

        var key = provider.ProviderCode.ToString(CultureInfo.InvariantCulture);
        return WebSaleOutcome.Of(await GrainFactory.Keyed<ITransactionCheckGrain>(key).CheckAsync(request.Data!));
    }

    /// <summary>Provider, administrative POS, date, turn of the catalog; then the turn's published results in catalog order.</summary>
    public async Task<WebSaleOutcome> ResultsAsync(WebSaleRequest request)
    {
        var (provider, refusal) = await ProviderAsync(request);
        if (provider is null)
        {
            return WebSaleOutcome.Of(refusal);
        }

        if (!provider.HasAdministrativePos)
        {
            return WebSaleOutcome.Of(WebSaleVerdict.NoAdministrativePos);
        }

        if (WebSaleFields.Date(request.Date) is not { } date)
        {
            return WebSaleOutcome.Of(WebSaleVerdict.BadDate);
        }

        var catalog = (await GrainFactory.Keyed<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync()).Catalog;
        var draws = WebSaleFields.Number(request.Turn, 2) is { } turn ? catalog.Draws.Where(d => d.Turn == turn).ToList() : [];
        if (draws.Count == 0)
        {
            return WebSaleOutcome.Of(WebSaleVerdict.BadTurn);
        }

        var published = new List<PublishedResult>();
        foreach (var draw in draws)
        {
            if ((await GrainFactory.Keyed<ILotteryDrawGrain>(new DrawDayKey(draw.Code, date).ToString()).GetAsync()).Published is { } result)
            {
                published.Add(new PublishedResult(draw.Code, result));
            }
        }

        return published.Count == 0 ? WebSaleOutcome.Of(WebSaleVerdict.NoResults) : new WebSaleOutcome(WebSaleVerdict.Done, Results: published);
    }

    /// <summary>The common checks of cancellation and prize registration: the provider, its administrative POS, then poscod and the ticket number.</summary>
    private async Task<(WebSaleProvider? Provider, WebSaleVerdict Refusal)> TicketOperationAsync(WebSaleRequest request)
    {
        var (provider, refusal) = await ProviderAsync(request);
        if (provider is null)
        {
            return (null, refusal);
        }

        if (!provider.HasAdministrativePos)
        {
            return (null, WebSaleVerdict.NoAdministrativePos);
        }

        return IsPosAndTicket(provider, request) ? (provider, WebSaleVerdict.Done) : (null, WebSaleVerdict.Malformed);
    }

    /// <summary>The ticket named by data when the provider sold it; null when unknown or another provider's (the caller cannot tell which).</summary>
    private async Task<LotteryTicket?> OwnTicketAsync(WebSaleProvider provider, WebSaleRequest request) =>
        await sales.FindTicketAsync(request.Data!, CancellationToken.None) is { } ticket && ticket.ProviderCode == provider.ProviderCode ? ticket : null;

    /// <summary>poscod names a POS of the provider (active or not) and data is a well-formed ticket number.</summary>
    private static bool IsPosAndTicket(WebSaleProvider provider, WebSaleRequest request) =>
        WebSaleFields.Number(request.PosCode, 5) is { } posCode && provider.FindPos(posCode) is not null && TicketNumber.TryParse(request.Data, out _);

    /// <summary>The provider named by providercod when it exists, the caller's address is allowed and it is enabled.</summary>
    private async Task<(WebSaleProvider? Provider, WebSaleVerdict Refusal)> ProviderAsync(WebSaleRequest request)
    {
        var provider = WebSaleFields.Number(request.ProviderCode, 3) is { } code ? await providers.FindAsync(code, CancellationToken.None) : null;
        if (provider is null)
        {
            return (null, WebSaleVerdict.UnknownProvider);
        }

        if (!provider.Allows(IPAddress.TryParse(request.ClientAddress, out var client) ? client : null))
        {
            return (null, WebSaleVerdict.AddressNotAllowed);
        }

        return provider.Enabled ? (provider, WebSaleVerdict.Done) : (null, WebSaleVerdict.ProviderDisabled);
    }
}
