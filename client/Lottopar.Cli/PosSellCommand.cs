using System.CommandLine;
using Lottopar.Client.WebSale;

namespace Lottopar.Cli;

/// <summary><c>lottopar pos sell</c>: one sale (operation 0) with a frame as written; prints the ticket, the partial detail or the code.</summary>
internal static class PosSellCommand
{
    public const int PartialExitCode = 2;

    public static Command Create(CliHost host)
    {
        var url = new UrlOption(host);
        var provider = PosOptions.Provider();
        var pos = PosOptions.Pos();
        var serial = PosOptions.Serial();
        var invoice = PosOptions.Invoice();
        var frame = new Option<string>("--frame")
        {
            Description = "data: 'draw|type|number|amount;' per record, sent as written, e.g. '01|01|320|0.1;01|02|32|0.2;'",
            Required = true,
        };

        var command = new Command("sell", "Sell a ticket (operation 0). Exit code 0 for a ticket, 2 for a partial ticket, 1 otherwise.");
        foreach (var option in new Option[] { url.Option, provider, pos, serial, invoice, frame })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => PosCall.RunAsync(host, url, result, async (client, token) =>
        {
            var identity = new PosIdentity(result.GetValue(provider), result.GetValue(pos), result.GetValue(serial)!);
            var answer = await client.SellAsync(identity, result.GetValue(frame)!, result.GetValue(invoice)!, token);
            PosPrinter.Print(host.Out, answer);
            return answer switch
            {
                TicketSold => 0,
                TicketPartiallySold => PartialExitCode,
                _ => 1,
            };
        }, cancellationToken));
        return command;
    }
}
