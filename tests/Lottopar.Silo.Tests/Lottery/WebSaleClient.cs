using Lottopar.Silo.Tests.Infrastructure;

namespace Lottopar.Silo.Tests.Lottery;

/// <summary>Speaks the webSale protocol to the test silo: form posts and query-string calls, from a chosen address.</summary>
public sealed class WebSaleClient(HttpClient http)
{
    public async Task<(int Status, string Body)> CallAsync(
        HttpMethod method, IReadOnlyDictionary<string, string> parameters, string peer = WebSaleFixture.ClientIp, string? forwardedFor = null)
    {
        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        using var request = method == HttpMethod.Post
            ? new HttpRequestMessage(method, "/webSale.jsp") { Content = new FormUrlEncodedContent(parameters) }
            : new HttpRequestMessage(method, $"/webSale.jsp?{query}");
        request.Headers.Add(PlatformHost.TestPeerHeader, peer);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> SellAsync(TestProvider provider, string data, string? invoice = null, int posCode = 28, string? serial = null,
        string peer = WebSaleFixture.ClientIp, string? forwardedFor = null, HttpMethod? method = null)
    {
        var (status, body) = await CallAsync(method ?? HttpMethod.Post, new Dictionary<string, string>
        {
            ["operation"] = "0",
            ["data"] = data,
            ["providercod"] = provider.Code.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["poscod"] = posCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["serialifa"] = serial ?? provider.Serial,
            ["numfact"] = invoice ?? provider.NextInvoice(),
        }, peer, forwardedFor);
        return status == 200 ? body : throw new InvalidOperationException($"HTTP {status}: {body}");
    }

    public async Task<string> CancelAsync(TestProvider provider, string ticket, int posCode = 1)
    {
        var (status, body) = await CallAsync(HttpMethod.Get, new Dictionary<string, string>
        {
            ["operation"] = "1",
            ["data"] = ticket,
            ["providercod"] = provider.Code.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["poscod"] = posCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return status == 200 ? body : throw new InvalidOperationException($"HTTP {status}: {body}");
    }

    public Task<string> PayAsync(TestProvider provider, string ticket, string date, int posCode = 1) =>
        AnswerAsync(new Dictionary<string, string>
        {
            ["operation"] = "2",
            ["data"] = ticket,
            ["providercod"] = Code(provider),
            ["poscod"] = posCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["date"] = date,
        });

    public Task<string> CheckAsync(TestProvider provider, string ticket, string peer = WebSaleFixture.ClientIp) =>
        AnswerAsync(new Dictionary<string, string>
        {
            ["operation"] = "3",
            ["data"] = ticket,
            ["providercod"] = Code(provider),
            ["poscod"] = "1",
        }, peer);

    public Task<string> ResultsAsync(TestProvider provider, string date, string turn, string peer = WebSaleFixture.ClientIp) =>
        AnswerAsync(new Dictionary<string, string> { ["operation"] = "4", ["date"] = date, ["turn"] = turn, ["providercod"] = Code(provider) }, peer);

    private async Task<string> AnswerAsync(Dictionary<string, string> parameters, string peer = WebSaleFixture.ClientIp)
    {
        var (status, body) = await CallAsync(HttpMethod.Get, parameters, peer);
        return status == 200 ? body : throw new InvalidOperationException($"HTTP {status}: {body}");
    }

    private static string Code(TestProvider provider) => provider.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
