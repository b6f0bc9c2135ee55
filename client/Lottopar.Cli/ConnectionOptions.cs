using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Lottopar.Client;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>--url and --api-key, with their defaults from LOTTOPAR_URL and LOTTOPAR_API_KEY.</summary>
internal sealed class ConnectionOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly CliHost _host;

    public ConnectionOptions(CliHost host)
    {
        _host = host;
        Url = new Option<string>("--url")
        {
            Description = "The platform's URL [env LOTTOPAR_URL]",
            DefaultValueFactory = _ => host.Environment("LOTTOPAR_URL") is { Length: > 0 } url ? url : DefaultUrl,
        };
        ApiKey = new Option<string?>("--api-key")
        {
            Description = "The operator's API key, sent as x-api-key [env LOTTOPAR_API_KEY]",
            DefaultValueFactory = _ => host.Environment("LOTTOPAR_API_KEY"),
        };
    }

    public Option<string> Url { get; }

    public Option<string?> ApiKey { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(ApiKey);
    }

    /// <summary>An HTTP client for the chosen URL and key, or false after telling the user what is missing.</summary>
    public bool TryConnect(ParseResult result, int maxConnections, [NotNullWhen(true)] out Connection? connection)
    {
        connection = null;
        var url = result.GetValue(Url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            _host.Error.MarkupLineInterpolated($"[red]error:[/] --url must be an http or https URL, not '{url}'.");
            return false;
        }

        var apiKey = result.GetValue(ApiKey);
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            _host.Error.MarkupLine("[red]error:[/] no API key. Pass --api-key or set LOTTOPAR_API_KEY.");
            return false;
        }

        var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            BaseAddress = baseAddress,
            Timeout = RequestTimeout,
        };
        connection = new Connection(http, new LottoparClient(http, apiKey));
        return true;
    }
}

/// <summary>A client and the HttpClient it owns.</summary>
internal sealed record Connection(HttpClient Http, LottoparClient Client) : IDisposable
{
    public Uri BaseAddress => Http.BaseAddress!;

    public void Dispose() => Http.Dispose();
}
