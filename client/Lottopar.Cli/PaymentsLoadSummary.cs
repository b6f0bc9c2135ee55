using Lottopar.Client.Payments;
using Spectre.Console;
using static Lottopar.Cli.LoadSummary;

namespace Lottopar.Cli;

/// <summary>The table printed after a payments load run: successes, every failure by reason, throughput and latency.</summary>
internal static class PaymentsLoadSummary
{
    /// <summary>What one run sends, plural: "cash-ins", "cash-outs", "validations".</summary>
    public static string Unit(PaymentsLoadKind kind) => kind switch
    {
        PaymentsLoadKind.CashIn => "cash-ins",
        PaymentsLoadKind.CashOut => "cash-outs",
        _ => "validations",
    };

    public static void Print(IAnsiConsole console, PaymentsLoadReport report)
    {
        var unit = Unit(report.Kind);
        var table = new Table().Border(TableBorder.Rounded).Title("Payments load summary").AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
        void Row(string measure, string value) => table.AddRow(Markup.Escape(measure), Markup.Escape(value));

        Row("Plan", DescribePlan(report.Plan, unit));
        Row("Endpoint", report.Floor ? "the floor (stores each call)" : "the platform");
        Row("Elapsed", Invariant($"{report.Elapsed.TotalSeconds:0.00} s") + (report.Interrupted ? " (interrupted)" : ""));
        Row("Sent", Invariant($"{report.Sent:N0}"));
        Row(Succeeded(report), Invariant($"{report.Succeeded:N0}"));
        if (report.CpfRefused > 0)
        {
            Row("  of which not allowed", Invariant($"{report.CpfRefused:N0}"));
        }

        Row("Failed", Invariant($"{report.Failed:N0}"));
        foreach (var (reason, n) in report.Failures.OrderByDescending(pair => pair.Value))
        {
            Row($"  {reason}", Invariant($"{n:N0}"));
        }

        if (report.Missed > 0)
        {
            Row("Missed (never started)", Invariant($"{report.Missed:N0}"));
        }

        if (report.Polls > 0)
        {
            Row("Status reads", Invariant($"{report.Polls:N0} ({report.Polls / (double)Math.Max(1, report.Sent):0.0} per deposit)"));
        }

        Row("Throughput", Invariant($"{report.Throughput:N1} {unit}/s"));
        AddLatencyRows(table, report.Latency);
        console.Write(table);
    }

    private static string Succeeded(PaymentsLoadReport report) => (report.Floor, report.Kind) switch
    {
        (true, _) => "Stored by the floor",
        (false, PaymentsLoadKind.CashIn) => "Settled (created to completed)",
        (false, PaymentsLoadKind.CashOut) => "Completed",
        _ => "Validated",
    };
}
