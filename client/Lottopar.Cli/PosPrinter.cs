using Lottopar.Client.WebSale;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>The webSale answers for a person: the ticket, each record of a partial sale, a code with its meaning, the results.</summary>
internal static class PosPrinter
{
    public static void Print(IAnsiConsole console, SaleAnswer answer)
    {
        switch (answer)
        {
            case TicketSold sold:
                console.MarkupLineInterpolated($"[green]ticket[/] [bold]{sold.TicketNumber}[/]");
                break;
            case TicketPartiallySold partial:
                console.MarkupLineInterpolated($"[yellow]partial ticket[/] [bold]{partial.TicketNumber}[/]: some numbers had less available than asked");
                foreach (var record in partial.Records)
                {
                    var sold = record.SoldCents == 0 ? "nothing (sold out)" : WireAmount.Format(record.SoldCents);
                    console.MarkupLineInterpolated($"    draw {record.DrawCode} {NumberTypes.Code(record.Type)} {record.Type}: sold {sold}");
                }

                break;
            case SaleRefused refused:
                Print(console, refused.Refusal);
                break;
            default:
                throw new InvalidOperationException($"Unknown sale answer {answer.GetType().Name}.");
        }
    }

    public static void Print(IAnsiConsole console, CodeAnswer answer)
    {
        var colour = answer.IsSuccess ? "green" : "red";
        console.MarkupLineInterpolated($"[{colour}]code {answer.Code}[/]: {answer.Meaning}");
    }

    public static void Print(IAnsiConsole console, ResultsAnswer answer)
    {
        if (!answer.HasResults)
        {
            Print(console, answer.Refusal);
            return;
        }

        foreach (var result in answer.Results)
        {
            var reading = result.Sign is { } sign ? $"{ZodiacSigns.Name(sign)} {result.Triple}" : result.Triple;
            console.MarkupLineInterpolated($"draw {result.DrawCode}: [bold]{result.Result}[/] ({reading})");
        }
    }
}
