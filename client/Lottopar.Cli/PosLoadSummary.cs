using Lottopar.Client.WebSale;
using Spectre.Console;
using static Lottopar.Cli.LoadSummary;

namespace Lottopar.Cli;

/// <summary>The table printed after a POS load run: every outcome, then throughput and latency.</summary>
internal static class PosLoadSummary
{
    public static void Print(IAnsiConsole console, PosLoadReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("POS load summary").AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
        void Row(string measure, string value) => table.AddRow(Markup.Escape(measure), Markup.Escape(value));

        Row("Plan", DescribePlan(report.Plan, "sales"));
        Row("Terminals", Invariant($"{report.Terminals:N0}"));
        Row("Elapsed", Invariant($"{report.Elapsed.TotalSeconds:0.00} s") + (report.Interrupted ? " (interrupted)" : ""));
        Row("Sent", Invariant($"{report.Sent:N0}"));
        Row("Tickets", Invariant($"{report.Tickets:N0}"));
        Row("Partial tickets", Invariant($"{report.PartialTickets:N0}"));
        Row("Refused", Invariant($"{report.Refused:N0}"));
        foreach (var (code, n) in report.ByRefusalCode.OrderBy(pair => pair.Key))
        {
            var meaning = WebSaleCodes.TryDescribe(WebSaleOperation.Sale, code, out var text) ? text : "?";
            Row(Invariant($"  code {code}: {meaning}"), Invariant($"{n:N0}"));
        }

        if (report.UnexpectedAnswers > 0)
        {
            Row("Unexpected answers", Invariant($"{report.UnexpectedAnswers:N0}"));
        }

        foreach (var (reason, n) in report.TransportErrors.OrderByDescending(pair => pair.Value))
        {
            Row($"No answer: {reason}", Invariant($"{n:N0}"));
        }

        if (report.Missed > 0)
        {
            Row("Missed (never started)", Invariant($"{report.Missed:N0}"));
        }

        Row("Throughput", Invariant($"{report.Throughput:N1} sales/s"));
        Row("Ticket throughput", Invariant($"{report.TicketThroughput:N1} tickets/s"));
        AddLatencyRows(table, report.Latency);
        console.Write(table);
    }
}
