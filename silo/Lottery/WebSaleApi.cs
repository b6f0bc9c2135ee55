using Lottopar.GrainInterfaces.Common;
using System.Globalization;
using System.Text;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Silo.Cluster;
using Lottopar.Silo.Http;

namespace Lottopar.Silo.Lottery;

/// <summary>
/// The lottery sale web service for POS terminals and resellers (lottery-websale-spec.es.txt),
/// at the path integrators call: GET or POST /webSale.jsp with the document's parameters, in the
/// query string or a form body. Every answer is HTTP 200 with a plain-text body of the protocol:
/// a code or a ticket number, byte for byte. The caller is identified by its provider code and
/// its address (the provider's allow-list); there is no other credential in the protocol.
/// </summary>
public static class WebSaleApi
{
    public const string Path = "/webSale.jsp";

    public static IEndpointRouteBuilder MapWebSaleApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, ["GET", "POST"], HandleAsync)
            .AllowAnonymous()
            .WithOwnErrorProtocol()
            .WithTags("Lottery sale (webSale)").WithName("WebSale")
            .WithSummary("The webSale protocol: operation 0 sale (POST only), 1 cancellation, 2 prize registration, 3 transaction check, 4 results.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }

    /// <summary>
    /// A terminal always gets the protocol: when the operation cannot be carried out (the database
    /// is unavailable, the body cannot be read, anything unexpected) the answer is the operation's
    /// own failure code, HTTP 200, never a 500. A sale answered <c>0</c> this way may still have
    /// committed if the failure came after its commit; the protocol's transaction check (operation
    /// 3) is how a terminal settles that, as for a lost answer.
    /// </summary>
    public static async Task<IResult> HandleAsync(HttpContext context, WebSaleProviders providers, ClientAddress addresses, Orleans.IGrainFactory grains,
        LotterySalesStore sales, TurnSaleQueues desks, TimeProvider clock, DatabaseOutage database, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(WebSaleApi));
        var operation = context.Request.Query["operation"].ToString();
        string answer;
        try
        {
            var request = await WebSaleParameters.ReadAsync(context.Request, context.RequestAborted);
            operation = request["operation"] ?? "";
            answer = operation switch
            {
                "0" => await SellAsync(context, request, providers, addresses, grains, desks, clock, logger),
                "1" => await CancelAsync(context, request, providers, addresses, grains, sales),
                "2" => await PayAsync(context, request, providers, addresses, grains, sales),
                "3" => await CheckTransactionsAsync(context, request, providers, addresses, grains, sales),
                "4" => await ResultsAsync(context, request, providers, addresses, grains),

                // No operation to answer for: the general "not done" code every operation shares.
                _ => "0",
            };
        }
        catch (Exception error) when (!context.RequestAborted.IsCancellationRequested)
        {
            if (ClusterUnavailable.Is(error))
            {
                logger.LogWarning("webSale operation {Operation} could not be served: {Error}", operation, error.Message);
            }
            else if (!database.TryReport(error, $"webSale operation {operation}"))
            {
                logger.LogError(error, "webSale operation {Operation} failed; the terminal gets the operation's failure code", operation);
            }

            answer = WebSaleResponse.FailureOf(operation);
        }

        return Results.Text(answer, "text/plain", Encoding.ASCII);
    }

    /// <summary>
    /// Operation 0. The checks run in this order, each answering with its code: POST (0), provider
    /// (9), client address (11), provider enabled (8), POS registered and active (10), printer
    /// serial (12), invoice number (13), frame (0); then the turn grain: draw closed (7), invoice
    /// already used by the POS (13), nothing available (6), else the ticket (or the partial form).
    /// </summary>
    private static async Task<string> SellAsync(HttpContext context, WebSaleParameters request, WebSaleProviders providers, ClientAddress addresses,
        Orleans.IGrainFactory grains, TurnSaleQueues desks, TimeProvider clock, ILogger logger)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return "0";
        }

        var (provider, refusal) = await ProviderAsync(context, request, providers, addresses);
        if (provider is null)
        {
            return refusal!;
        }

        var pos = ParseNumber(request["poscod"], 5) is { } posCode ? provider.FindPos(posCode) : null;
        if (pos is null || !pos.Active)
        {
            return "10";
        }

        if (!string.Equals(request["serialifa"], pos.PrinterSerial, StringComparison.OrdinalIgnoreCase))
        {
            return "12";
        }

        var invoice = request["numfact"];
        if (invoice is not { Length: 8 } || !invoice.All(char.IsAsciiDigit))
        {
            return "13";
        }

        var settings = await grains.Keyed<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync();
        if (!SaleFrame.TryParse(request["data"], settings.Catalog, out var records, out var reason))
        {
            logger.LogDebug("Sale frame of provider {Provider} refused: {Reason}", provider.ProviderCode, reason);
            return "0";
        }

        var draw = settings.Catalog.FindDraw(records[0].DrawCode)!;
        var turn = new TurnKey(draw.LotteryCode, draw.Turn, LotteryCalendar.SaleDate(clock.GetUtcNow())).ToString();
        var sale = new TicketSale(provider.Registry.Oprid, provider.ProviderCode, int.Parse(pos.PosCode, CultureInfo.InvariantCulture), invoice, records);
        // Two sales with one invoice number racing on different turns: the turn grain answers InvoiceUsed.
        var outcome = await desks.SellAsync(turn, sale);
        return outcome.Status switch
        {
            SaleStatus.Sold => outcome.TicketNumber!,
            SaleStatus.PartiallySold => WebSaleResponse.PartialAvailability(outcome.TicketNumber!, [.. records.Select((r, i) => (r, outcome.SoldCents[i]))]),
            SaleStatus.NothingAvailable => "6",
            SaleStatus.DrawClosed => "7",
            SaleStatus.InvoiceUsed => "13",
            _ => throw new InvalidOperationException($"Unexpected sale outcome {outcome.Status}."),
        };
    }

    /// <summary>
    /// Operation 1. Order: provider (9), client address (11), enabled (8), an administrative POS
    /// (10), a POS of the provider in poscod and a well-formed ticket number (1), then the ticket's
    /// turn grain: unknown or another provider's (5), paid (3), cancelled (4), past the 5 minutes (2).
    /// </summary>
    private static async Task<string> CancelAsync(HttpContext context, WebSaleParameters request, WebSaleProviders providers, ClientAddress addresses,
        Orleans.IGrainFactory grains, LotterySalesStore sales)
    {
        var (provider, refusal) = await TicketOperationAsync(context, request, providers, addresses);
        if (provider is null)
        {
            return refusal!;
        }

        var ticket = await sales.FindTicketAsync(request["data"]!, context.RequestAborted);
        if (ticket is null || ticket.ProviderCode != provider.ProviderCode)
        {
            return "5";
        }

        return await grains.Keyed<ILotteryTurnGrain>(ticket.TurnKey).CancelAsync(ticket.TicketNumber, provider.ProviderCode, CancellationReason.Pos) switch
        {
            CancellationStatus.Cancelled => "0",
            CancellationStatus.TooLate => "2",
            CancellationStatus.AlreadyPaid => "3",
            CancellationStatus.AlreadyCancelled => "4",
            _ => "5",
        };
    }

    /// <summary>
    /// Operation 2. Order: provider (9), client address (11), enabled (8), an administrative POS
    /// (10), a POS of the provider and a well-formed ticket number (1), a date yyyyMMdd (6), the
    /// ticket: unknown, another provider's or cancelled (3), sold on another date (6); then the
    /// turn grain: already paid (2), not winning or its draws' results not yet published (1),
    /// else paid (0).
    /// </summary>
    private static async Task<string> PayAsync(HttpContext context, WebSaleParameters request, WebSaleProviders providers, ClientAddress addresses,
        Orleans.IGrainFactory grains, LotterySalesStore sales)
    {
        var (provider, refusal) = await TicketOperationAsync(context, request, providers, addresses);
        if (provider is null)
        {
            return refusal!;
        }

        if (ParseDate(request["date"]) is not { } date)
        {
            return "6";
        }

        var ticket = await sales.FindTicketAsync(request["data"]!, context.RequestAborted);
        if (ticket is null || ticket.ProviderCode != provider.ProviderCode || ticket.Status == TicketStatus.Cancelled)
        {
            return "3";
        }

        if (ticket.SaleDate != date)
        {
            return "6";
        }

        return (await grains.Keyed<ILotteryTurnGrain>(ticket.TurnKey).PayAsync(ticket.TicketNumber, provider.ProviderCode)).Status switch
        {
            PaymentStatus.Paid => "0",
            PaymentStatus.NotWinning => "1",
            PaymentStatus.AlreadyPaid => "2",
            _ => "3",
        };
    }

    /// <summary>
    /// Operation 3, whose document lists only 0, 1, 4 and 11: the client address (11, once the
    /// provider is known); an unknown or disabled provider, a poscod not the provider's, or a
    /// ticket that is malformed, unknown or another provider's (1); the given ticket cancelled (4).
    /// Otherwise every later ticket of the provider that is neither cancelled nor paid is cancelled,
    /// the given one never, and the answer is 0.
    /// </summary>
    private static async Task<string> CheckTransactionsAsync(HttpContext context, WebSaleParameters request, WebSaleProviders providers,
        ClientAddress addresses, Orleans.IGrainFactory grains, LotterySalesStore sales)
    {
        var (provider, refusal) = await ProviderAsync(context, request, providers, addresses);
        if (provider is null)
        {
            return refusal == "11" ? "11" : "1";
        }

        if (ParseNumber(request["poscod"], 5) is not { } posCode || provider.FindPos(posCode) is null || !TicketNumber.TryParse(request["data"], out _))
        {
            return "1";
        }

        var ticket = await sales.FindTicketAsync(request["data"]!, context.RequestAborted);
        if (ticket is null || ticket.ProviderCode != provider.ProviderCode)
        {
            return "1";
        }

        if (ticket.Status == TicketStatus.Cancelled)
        {
            return "4";
        }

        // One commit per turn holding later tickets (usually one); a repeated check finds only what is left.
        foreach (var turn in (await sales.SoldTicketsAfterAsync(ticket.TicketNumber, provider.ProviderCode, context.RequestAborted)).GroupBy(t => t.TurnKey))
        {
            await grains.Keyed<ILotteryTurnGrain>(turn.Key).CancelForTransactionCheckAsync([.. turn.Select(t => t.TicketNumber)], provider.ProviderCode);
        }

        return "0";
    }

    /// <summary>
    /// Operation 4. Order: provider (9), client address (11), enabled (8), an administrative POS
    /// (10), a date yyyyMMdd (6), a turn of the catalog (7); then the published results of the
    /// turn's draws in catalog order (`01:482;02:861;13:02987;`), or 1 when none is published yet.
    /// </summary>
    private static async Task<string> ResultsAsync(HttpContext context, WebSaleParameters request, WebSaleProviders providers, ClientAddress addresses,
        Orleans.IGrainFactory grains)
    {
        var (provider, refusal) = await ProviderAsync(context, request, providers, addresses);
        if (provider is null)
        {
            return refusal!;
        }

        if (!provider.HasAdministrativePos)
        {
            return "10";
        }

        if (ParseDate(request["date"]) is not { } date)
        {
            return "6";
        }

        var catalog = (await grains.Keyed<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync()).Catalog;
        var draws = ParseNumber(request["turn"], 2) is { } turn ? catalog.Draws.Where(d => d.Turn == turn).ToList() : [];
        if (draws.Count == 0)
        {
            return "7";
        }

        var published = new List<(string DrawCode, DrawResult Result)>();
        foreach (var draw in draws)
        {
            if ((await grains.Keyed<ILotteryDrawGrain>(new DrawDayKey(draw.Code, date).ToString()).GetAsync()).Published is { } result)
            {
                published.Add((draw.Code, result));
            }
        }

        return published.Count == 0 ? "1" : WebSaleResponse.Results(published);
    }

    /// <summary>
    /// The common checks of cancellation and prize registration: the provider (9, 11, 8), its
    /// administrative POS (10), then poscod a POS of the provider and data a well-formed ticket
    /// number (1).
    /// </summary>
    private static async Task<(WebSaleProvider? Provider, string? Refusal)> TicketOperationAsync(
        HttpContext context, WebSaleParameters request, WebSaleProviders providers, ClientAddress addresses)
    {
        var (provider, refusal) = await ProviderAsync(context, request, providers, addresses);
        if (provider is null)
        {
            return (null, refusal);
        }

        if (!provider.HasAdministrativePos)
        {
            return (null, "10");
        }

        return ParseNumber(request["poscod"], 5) is { } posCode && provider.FindPos(posCode) is not null && TicketNumber.TryParse(request["data"], out _)
            ? (provider, null)
            : (null, "1");
    }

    /// <summary>A real date written yyyyMMdd, or null.</summary>
    private static DateOnly? ParseDate(string? text) =>
        text is { Length: 8 } && DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>The provider named by providercod when it exists (else 9), the caller's address is allowed (else 11) and it is enabled (else 8).</summary>
    private static async Task<(WebSaleProvider? Provider, string? Refusal)> ProviderAsync(
        HttpContext context, WebSaleParameters request, WebSaleProviders providers, ClientAddress addresses)
    {
        var provider = ParseNumber(request["providercod"], 3) is { } code ? await providers.FindAsync(code, context.RequestAborted) : null;
        if (provider is null)
        {
            return (null, "9");
        }

        if (!provider.Allows(addresses.Of(context)))
        {
            return (null, "11");
        }

        return provider.Enabled ? (provider, null) : (null, "8");
    }

    /// <summary>A positive number of 1 to <paramref name="maxDigits"/> ASCII digits, or null.</summary>
    private static int? ParseNumber(string? text, int maxDigits) =>
        text is { Length: > 0 } && text.Length <= maxDigits && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is > 0 and var n
            ? n
            : null;
}
