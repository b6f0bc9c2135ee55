using System.CommandLine;

namespace Lottopar.Cli;

/// <summary><c>lottopar pos results</c>: the results of one turn of one day (operation 4).</summary>
internal static class PosResultsCommand
{
    public static Command Create(CliHost host)
    {
        var url = new UrlOption(host);
        var provider = PosOptions.Provider();
        var date = PosOptions.Date("date: the day of the draws");
        var turn = PosOptions.Turn();

        var command = new Command("results", "The official results of one turn of one day (operation 4). Exit code 0 when there are results, 1 otherwise.");
        foreach (var option in new Option[] { url.Option, provider, date, turn })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => PosCall.RunAsync(host, url, result, async (client, token) =>
        {
            var answer = await client.GetResultsAsync(result.GetValue(provider), result.GetValue(date), result.GetValue(turn), token);
            PosPrinter.Print(host.Out, answer);
            return answer.HasResults ? 0 : 1;
        }, cancellationToken));
        return command;
    }
}
