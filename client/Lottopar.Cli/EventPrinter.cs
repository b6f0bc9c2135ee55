using System.Globalization;
using System.Net;
using System.Text;
using Lottopar.Client;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>One line per answer (plus the field errors of a refusal), readable at a glance.</summary>
internal static class EventPrinter
{
    public static void Print(IAnsiConsole console, string label, SendResult result)
    {
        var status = Status(result.StatusCode);
        var elapsed = result.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (result.Accepted is { } accepted)
        {
            var replayed = accepted.Replayed ? " (replayed)" : "";
            console.MarkupLineInterpolated(
                $"[green]{status}[/] {label}  event [bold]{accepted.EventId}[/]  {accepted.BetSlipId} -> {accepted.BetSlipState ?? "?"}[yellow]{replayed}[/]  [grey]{elapsed} ms[/]");
            if (accepted.Flags.Count > 0)
            {
                console.MarkupLineInterpolated($"    [yellow]flags: {string.Join(", ", accepted.Flags)}[/]");
            }

            return;
        }

        console.MarkupLineInterpolated($"[red]{status}[/] {label}  [grey]{elapsed} ms[/]");
        PrintProblem(console, result.Problem, result.RetryAfter);
    }

    /// <summary>A problem's code and title, detail, failing fields and Retry-After, indented under its status line.</summary>
    public static void PrintProblem(IAnsiConsole console, Problem? received, TimeSpan? retryAfterValue)
    {
        var problem = received ?? new Problem();
        var heading = string.Join(": ", new[] { problem.Code, problem.Title }.Where(part => !string.IsNullOrWhiteSpace(part)));
        if (heading.Length > 0)
        {
            console.MarkupLineInterpolated($"    [red]{heading}[/]");
        }

        if (!string.IsNullOrWhiteSpace(problem.Detail))
        {
            console.MarkupLineInterpolated($"    {problem.Detail}");
        }

        foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
        {
            console.MarkupLineInterpolated($"    - [bold]{field}[/]: {string.Join("; ", messages)}");
        }

        if (retryAfterValue is { } retryAfter)
        {
            console.MarkupLineInterpolated($"    retry after {retryAfter.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
        }
    }

    /// <summary>A generated event in a line, with the CPF masked: "new_bet ***.456.789-** slip_... R$ 50,00: R$ 300,00 -> R$ 250,00".</summary>
    public static string Describe(BettingEventRequest request) =>
        $"{request.Event} {Cpfs.Mask(request.TaxId)} {request.BetSlipId} {Money.Format(request.TotalStake)} x {request.TotalOdds.ToString(CultureInfo.InvariantCulture)}: " +
        $"{Money.Format(request.LastPlayerBalance)} -> {Money.Format(request.CurrentPlayerBalance)}";

    /// <summary>"422 Unprocessable Entity".</summary>
    public static string Status(HttpStatusCode code)
    {
        var name = code.ToString();
        var words = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(c);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{(int)code} {words}");
    }
}
