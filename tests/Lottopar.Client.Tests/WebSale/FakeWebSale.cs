using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lottopar.Client.Tests.WebSale;

/// <summary>A webSale request as the fake server received it: the method, the parameters (query and form) and the headers.</summary>
internal sealed record WebSaleCall(string Method, string Path, IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, string> Headers)
{
    public string this[string name] => Parameters[name];
}

/// <summary>What the fake server answers: an HTTP status and a plain-text body.</summary>
internal sealed record WebSaleReply(int Status, string Body)
{
    public static WebSaleReply Ok(string body) => new(200, body);
}

/// <summary>
/// A stand-in for <c>/webSale.jsp</c> on 127.0.0.1 and a free port (also under <c>/gateway</c>, as behind a proxy
/// prefix). It records every call and answers whatever the test says; it also notes two sales of one POS at once,
/// which a terminal never does.
/// </summary>
internal sealed class FakeWebSale : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<WebSaleCall, WebSaleReply> _reply;
    private readonly TimeSpan _latency;
    private readonly ConcurrentDictionary<string, int> _inFlightByPos = new(StringComparer.Ordinal);

    private FakeWebSale(WebApplication app, Func<WebSaleCall, WebSaleReply> reply, TimeSpan latency)
    {
        _app = app;
        _reply = reply;
        _latency = latency;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<WebSaleCall> Calls { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public static async Task<FakeWebSale> StartAsync(Func<WebSaleCall, WebSaleReply> reply, TimeSpan? latency = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeWebSale(app, reply, latency ?? TimeSpan.Zero);
        foreach (var path in new[] { "/webSale.jsp", "/gateway/webSale.jsp" })
        {
            app.MapMethods(path, ["GET", "POST"], (Func<HttpContext, Task<IResult>>)fake.ReceiveAsync);
        }

        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Urls.Single());
        return fake;
    }

    /// <summary>Always the same body with HTTP 200.</summary>
    public static Task<FakeWebSale> AnsweringAsync(string body) => StartAsync(_ => WebSaleReply.Ok(body));

    public HttpClient CreateHttpClient(string path = "") => new() { BaseAddress = new Uri(BaseAddress, path) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var parameters = context.Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        if (context.Request.HasFormContentType)
        {
            foreach (var (name, value) in await context.Request.ReadFormAsync(context.RequestAborted))
            {
                parameters[name] = value.ToString();
            }
        }

        var call = new WebSaleCall(
            context.Request.Method,
            context.Request.Path,
            parameters,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        Calls.Enqueue(call);

        var pos = $"{parameters.GetValueOrDefault("providercod")}/{parameters.GetValueOrDefault("poscod")}";
        if (_inFlightByPos.AddOrUpdate(pos, 1, (_, n) => n + 1) > 1)
        {
            Violations.Enqueue($"two requests of POS {pos} at once");
        }

        try
        {
            await Task.Delay(_latency, context.RequestAborted);
            var reply = _reply(call);
            return Results.Text(reply.Body, "text/plain", Encoding.ASCII, reply.Status);
        }
        finally
        {
            _inFlightByPos.AddOrUpdate(pos, 0, (_, n) => n - 1);
        }
    }
}
