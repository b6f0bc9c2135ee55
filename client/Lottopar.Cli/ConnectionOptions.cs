using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Lottopar.Client;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>--url and --api-key, with their defaults from LOTTOPAR_URL and LOTTOPAR_API_KEY.</summary>
internal sealed class ConnectionOptions
{
    private readonly CliHost _host;
    private readonly UrlOption _url;

    public ConnectionOptions(CliHost host)
    {
        _host = host;
        _url = new UrlOption(host);
        ApiKey = new Option<string?>("--api-key")
        {
            Description = "The operator's API key, sent as x-api-key [env LOTTOPAR_API_KEY]",
            DefaultValueFactory = _ => host.Environment("LOTTOPAR_API_KEY"),
        };
    }

    public Option<string> Url => _url.Option;

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
        if (!_url.TryGetBaseAddress(result, out var baseAddress))
        {
            return false;
        }

        var apiKey = result.GetValue(ApiKey);
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            _host.Error.MarkupLine("[red]error:[/] no API key. Pass --api-key or set LOTTOPAR_API_KEY.");
            return false;
        }

        var http = UrlOption.CreateHttpClient(baseAddress, maxConnections);
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
