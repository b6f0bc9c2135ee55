using System.Globalization;
using Lottopar.Client;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>The table printed after a load run.</summary>
internal static class LoadSummary
{
    /// <param name="unit">What is sent, plural: "events", "sales".</param>
    public static string DescribePlan(LoadPlan plan, string unit = "events")
    {
        var offer = plan.Mode == LoadMode.OpenLoop
            ? Invariant($"Open loop at {plan.TargetRate:0.##} {unit}/s (at most {plan.Concurrency} in flight)")
            : Invariant($"Closed loop with {plan.Concurrency} workers");
        var end = (plan.Duration, plan.MaxEvents) switch
        {
            ({ } duration, { } max) => Invariant($" for {duration.TotalSeconds:0.#} s or {max:N0} {unit}"),
            ({ } duration, null) => Invariant($" for {duration.TotalSeconds:0.#} s"),
            (null, { } max) => Invariant($" for {max:N0} {unit}"),
            _ => "",
        };
        return offer + end;
    }

    public static void Print(IAnsiConsole console, LoadReport report, int players)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Load summary").AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
        void Row(string measure, string value) => table.AddRow(Markup.Escape(measure), Markup.Escape(value));

        Row("Plan", DescribePlan(report.Plan));
        Row("Players", Invariant($"{players:N0}"));
        Row("Elapsed", Invariant($"{report.Elapsed.TotalSeconds:0.00} s") + (report.Interrupted ? " (interrupted)" : ""));
        Row("Sent", Invariant($"{report.Sent:N0}"));
        Row("Accepted", Invariant($"{report.Accepted:N0}") + (report.Replayed > 0 ? Invariant($" ({report.Replayed:N0} replays)") : ""));
        Row("Rejected", Invariant($"{report.Rejected:N0}"));
        foreach (var (status, n) in report.ByStatus.OrderBy(pair => pair.Key))
        {
            Row(Invariant($"  HTTP {status}"), Invariant($"{n:N0}"));
        }

        foreach (var (code, n) in report.ByProblemCode.OrderByDescending(pair => pair.Value))
        {
            Row($"  code {code}", Invariant($"{n:N0}"));
        }

        foreach (var (reason, n) in report.TransportErrors.OrderByDescending(pair => pair.Value))
        {
            Row($"  no answer: {reason}", Invariant($"{n:N0}"));
        }

        foreach (var (flag, n) in report.ByFlag.OrderByDescending(pair => pair.Value))
        {
            Row($"Flag {flag}", Invariant($"{n:N0}"));
        }

        if (report.Missed > 0)
        {
            Row("Missed (never started)", Invariant($"{report.Missed:N0}"));
        }

        Row("Throughput", Invariant($"{report.Throughput:N1} events/s"));
        Row("Accepted throughput", Invariant($"{report.AcceptedThroughput:N1} events/s"));
        AddLatencyRows(table, report.Latency);
        console.Write(table);
    }

    /// <summary>The rows every load summary ends with: the latency's p50, p95, p99 and maximum.</summary>
    internal static void AddLatencyRows(Table table, LatencySummary latency)
    {
        foreach (var (measure, milliseconds) in new[] { ("p50", latency.P50Ms), ("p95", latency.P95Ms), ("p99", latency.P99Ms), ("max", latency.MaxMs) })
        {
            table.AddRow($"Latency {measure}", Milliseconds(milliseconds));
        }
    }

    private static string Milliseconds(double value) => Invariant($"{value:0.00} ms");

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
