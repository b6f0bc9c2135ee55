using System.Globalization;

namespace Lottopar.Client.WebSale;

/// <summary>
/// The POS side of the webSale protocol (lottery-websale-spec.es.txt): <c>/webSale.jsp</c> with the document's
/// parameters, and its plain-text answers read strictly into typed answers.
/// </summary>
/// <remarks>
/// <para>
/// The protocol has no credential: the server knows the caller by <c>providercod</c> and its IP address. Headers
/// the caller needs anyway (a proxy's, a test's) go in the HttpClient's <see cref="HttpClient.DefaultRequestHeaders"/>;
/// every request carries them.
/// </para>
/// <para>
/// Every answer of the protocol is HTTP 200, refusals included. Any other status (501 for an operation the server
/// does not offer yet, a proxy's 502) is a transport failure: <see cref="HttpRequestException"/> with the status and
/// the start of the body in its message. A 200 whose body is none of the operation's forms throws
/// <see cref="UnexpectedAnswerException"/>. A timeout is the HttpClient's <see cref="TaskCanceledException"/>.
/// </para>
/// </remarks>
public sealed class PosClient
{
    public const string Path = "webSale.jsp";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    /// <param name="httpClient">Sends the requests, with its default headers.</param>
    /// <param name="baseAddress">The platform's URL (a path in it, a reverse proxy's prefix, is kept); by default the HttpClient's BaseAddress.</param>
    public PosClient(HttpClient httpClient, Uri? baseAddress = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        var root = baseAddress ?? httpClient.BaseAddress
            ?? throw new ArgumentException("Give a base address, or an HttpClient with a BaseAddress: the platform URL.", nameof(baseAddress));
        // Relative paths resolve under the last '/', so "https://host/api" would lose "api" without it.
        _endpoint = new Uri(root.AbsoluteUri.EndsWith('/') ? root : new Uri(root.AbsoluteUri + "/"), Path);
        _http = httpClient;
    }

    /// <summary>Sells a ticket (operation 0, POST as the document requires).</summary>
    /// <param name="frame">The <c>data</c>, sent as given (<see cref="SaleFrame.Build"/> makes one); a wrong frame is answered with code 0.</param>
    /// <param name="invoiceNumber">The <c>numfact</c>: 8 digits, never reused by the POS.</param>
    public async Task<SaleAnswer> SellAsync(PosIdentity pos, string frame, string invoiceNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pos);
        WebSaleRules.CheckPos(pos.ProviderCode, pos.PosCode);
        if (!WebSaleRules.IsPrinterSerial(pos.PrinterSerial))
        {
            throw new ArgumentException($"The printer serial is 10 letters or digits, not '{pos.PrinterSerial}'.", nameof(pos));
        }

        ArgumentException.ThrowIfNullOrEmpty(frame);
        if (!WebSaleRules.IsInvoiceNumber(invoiceNumber))
        {
            throw new ArgumentException($"The invoice number is 8 digits, not '{invoiceNumber}'.", nameof(invoiceNumber));
        }

        var body = await PostAsync(WebSaleOperation.Sale, [
            ("data", frame),
            ("providercod", Number(pos.ProviderCode)),
            ("poscod", Number(pos.PosCode)),
            ("serialifa", pos.PrinterSerial),
            ("numfact", invoiceNumber),
        ], cancellationToken).ConfigureAwait(false);
        return SaleAnswer.Parse(body);
    }

    /// <summary>Cancels a ticket (operation 1), within 5 minutes of its sale; the provider needs an administrative POS.</summary>
    public Task<CodeAnswer> CancelAsync(int providerCode, int posCode, string ticketNumber, CancellationToken cancellationToken = default) =>
        TicketOperationAsync(WebSaleOperation.Cancellation, providerCode, posCode, ticketNumber, [], cancellationToken);

    /// <summary>Registers a winning ticket as paid (operation 2).</summary>
    /// <param name="date">The <c>date</c>: when the winning ticket was sold (or registered).</param>
    public Task<CodeAnswer> RegisterPrizeAsync(int providerCode, int posCode, string ticketNumber, DateOnly date, CancellationToken cancellationToken = default) =>
        TicketOperationAsync(WebSaleOperation.PrizeRegistration, providerCode, posCode, ticketNumber, [("date", WebSaleRules.FormatDate(date))], cancellationToken);

    /// <summary>
    /// Transaction check (operation 3): confirms <paramref name="lastValidTicket"/>, the last ticket the POS holds as
    /// valid, and has the server cancel every later ticket of the provider.
    /// </summary>
    public Task<CodeAnswer> CheckTransactionsAsync(int providerCode, int posCode, string lastValidTicket, CancellationToken cancellationToken = default) =>
        TicketOperationAsync(WebSaleOperation.TransactionCheck, providerCode, posCode, lastValidTicket, [], cancellationToken);

    /// <summary>The official results of one turn of one day (operation 4, a GET: it only reads).</summary>
    /// <param name="turn">1 (morning), 2 (afternoon) or 3 (night).</param>
    public async Task<ResultsAnswer> GetResultsAsync(int providerCode, DateOnly date, int turn, CancellationToken cancellationToken = default)
    {
        WebSaleRules.CheckProvider(providerCode);
        if (!WebSaleRules.IsTurn(turn))
        {
            throw new ArgumentOutOfRangeException(nameof(turn), turn, "The turn is 1, 2 or 3.");
        }

        var query = Query(WebSaleOperation.Results, [("date", WebSaleRules.FormatDate(date)), ("turn", Number(turn)), ("providercod", Number(providerCode))]);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_endpoint, "?" + query));
        return ResultsAnswer.Parse(await SendAsync(request, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Operations 1 to 3 change the ticket's state, so they are POSTs (the document allows GET or POST).</summary>
    private async Task<CodeAnswer> TicketOperationAsync(
        WebSaleOperation operation, int providerCode, int posCode, string ticketNumber, (string, string)[] extra, CancellationToken cancellationToken)
    {
        WebSaleRules.CheckPos(providerCode, posCode);
        ArgumentException.ThrowIfNullOrEmpty(ticketNumber);
        var body = await PostAsync(operation, [("data", ticketNumber), ("providercod", Number(providerCode)), ("poscod", Number(posCode)), .. extra],
            cancellationToken).ConfigureAwait(false);
        return CodeAnswer.Parse(operation, body);
    }

    private async Task<string> PostAsync(WebSaleOperation operation, (string Name, string Value)[] parameters, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new FormUrlEncodedContent([new("operation", Number((int)operation)), .. parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))]),
        };
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new HttpRequestException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{request.RequestUri} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}: '{UnexpectedAnswerException.Snippet(body)}'"),
                inner: null,
                response.StatusCode);
        }

        return body;
    }

    private static string Query(WebSaleOperation operation, (string Name, string Value)[] parameters) =>
        string.Join('&', parameters.Prepend((Name: "operation", Value: Number((int)operation))).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
