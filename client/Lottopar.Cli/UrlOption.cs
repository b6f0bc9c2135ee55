using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>--url, by default LOTTOPAR_URL or the local platform, and an HttpClient for it.</summary>
internal sealed class UrlOption
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly CliHost _host;

    public UrlOption(CliHost host)
    {
        _host = host;
        Option = new Option<string>("--url")
        {
            Description = "The platform's URL [env LOTTOPAR_URL]",
            DefaultValueFactory = _ => host.Environment("LOTTOPAR_URL") is { Length: > 0 } url ? url : DefaultUrl,
        };
    }

    public Option<string> Option { get; }

    /// <summary>An HttpClient whose BaseAddress is the chosen URL, or false after telling the user it is not one.</summary>
    public bool TryCreateHttpClient(ParseResult result, int maxConnections, [NotNullWhen(true)] out HttpClient? http)
    {
        http = TryGetBaseAddress(result, out var baseAddress) ? CreateHttpClient(baseAddress, maxConnections) : null;
        return http is not null;
    }

    /// <summary>The chosen URL, or false after telling the user it is not an http or https URL.</summary>
    public bool TryGetBaseAddress(ParseResult result, [NotNullWhen(true)] out Uri? baseAddress)
    {
        var url = result.GetValue(Option);
        if (Uri.TryCreate(url, UriKind.Absolute, out baseAddress) && baseAddress.Scheme is "http" or "https")
        {
            return true;
        }

        _host.Error.MarkupLineInterpolated($"[red]error:[/] --url must be an http or https URL, not '{url}'.");
        baseAddress = null;
        return false;
    }

    public static HttpClient CreateHttpClient(Uri baseAddress, int maxConnections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            BaseAddress = baseAddress,
            Timeout = RequestTimeout,
        };
}
