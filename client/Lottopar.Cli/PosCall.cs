using System.CommandLine;
using Lottopar.Client.WebSale;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>One webSale call from the command line: a client for --url, and every way the call can fail told plainly.</summary>
internal static class PosCall
{
    /// <param name="call">Makes the call, prints the answer and returns the exit code.</param>
    public static async Task<int> RunAsync(
        CliHost host, UrlOption url, ParseResult result, Func<PosClient, CancellationToken, Task<int>> call, CancellationToken cancellationToken)
    {
        if (!url.TryGetBaseAddress(result, out var baseAddress))
        {
            return 1;
        }

        using var http = UrlOption.CreateHttpClient(baseAddress, maxConnections: 1);
        try
        {
            return await call(new PosClient(http), cancellationToken);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            host.Error.MarkupLineInterpolated($"[red]error:[/] could not reach {baseAddress}: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            // Not an answer of the protocol (every one is HTTP 200): 501 for an operation not offered yet, a proxy's error page.
            host.Error.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
        }
        catch (UnexpectedAnswerException e)
        {
            host.Error.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            host.Error.MarkupLineInterpolated($"[red]error:[/] {baseAddress} did not answer within {http.Timeout.TotalSeconds} s.");
        }

        return 1;
    }
}
