using System.CommandLine;
using Lottopar.Client.WebSale;

namespace Lottopar.Cli;

/// <summary>
/// <c>lottopar pos cancel</c>, <c>pay</c> and <c>check</c>: the operations on one ticket (1, 2 and 3), each answered
/// with a code. Exit code 0 when the code is 0 (done), 1 otherwise.
/// </summary>
internal static class PosTicketCommands
{
    public static Command Cancel(CliHost host) => Create(
        host, "cancel", "Cancel a ticket (operation 1), within 5 minutes of its sale; the provider needs an administrative POS.",
        (client, provider, pos, ticket, _, token) => client.CancelAsync(provider, pos, ticket, token));

    public static Command Pay(CliHost host) => Create(
        host, "pay", "Register a winning ticket as paid (operation 2).",
        (client, provider, pos, ticket, date, token) => client.RegisterPrizeAsync(provider, pos, ticket, date!.Value, token),
        PosOptions.Date("date: when the winning ticket was sold"));

    public static Command Check(CliHost host) => Create(
        host, "check", "Transaction check (operation 3): confirm the last valid ticket; the server cancels every later one of the provider.",
        (client, provider, pos, ticket, _, token) => client.CheckTransactionsAsync(provider, pos, ticket, token));

    private delegate Task<CodeAnswer> TicketCall(PosClient client, int provider, int pos, string ticket, DateOnly? date, CancellationToken token);

    private static Command Create(CliHost host, string name, string description, TicketCall call, Option<DateOnly>? date = null)
    {
        var url = new UrlOption(host);
        var provider = PosOptions.Provider();
        var pos = PosOptions.Pos();
        var ticket = PosOptions.Ticket();

        var command = new Command(name, $"{description} Exit code 0 when done (code 0), 1 otherwise.");
        foreach (var option in new Option?[] { url.Option, provider, pos, ticket, date }.OfType<Option>())
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => PosCall.RunAsync(host, url, result, async (client, token) =>
        {
            var answer = await call(
                client, result.GetValue(provider), result.GetValue(pos), result.GetValue(ticket)!, date is null ? null : result.GetValue(date), token);
            PosPrinter.Print(host.Out, answer);
            return answer.IsSuccess ? 0 : 1;
        }, cancellationToken));
        return command;
    }
}
