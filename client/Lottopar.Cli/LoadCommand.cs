using System.CommandLine;
using Lottopar.Client;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary><c>lottopar load betting-events</c>: generated events at a target rate (or as fast as N workers go), a live progress bar, a summary.</summary>
internal static class LoadCommand
{
    public static Command Create(CliHost host)
    {
        var connection = new ConnectionOptions(host);
        var planOptions = new LoadPlanOptions("events");
        var players = new Option<int>("--players") { Description = "Simulated players; one player never has two events in flight", DefaultValueFactory = _ => 100 }.AtLeastOne();
        var seed = new Option<int?>("--seed") { Description = "The generator's seed (random by default; it also makes the run's slip ids unique)" };

        var command = new Command("betting-events", "Offer generated betting events to POST /betting-events and report throughput and latency. Exit code 0 when every event was accepted.");
        connection.AddTo(command);
        planOptions.AddTo(command);
        command.Options.Add(players);
        command.Options.Add(seed);

        command.SetAction(async (result, cancellationToken) =>
        {
            var plan = planOptions.Plan(result);
            if (!connection.TryConnect(result, maxConnections: plan.Concurrency, out var connected))
            {
                return 1;
            }

            using (connected)
            {
                var playerCount = result.GetValue(players);
                var actualSeed = result.GetValue(seed) ?? Random.Shared.Next();
                var runner = new LoadRunner(new BettingEventGenerator(playerCount, actualSeed), connected.Client);
                host.Out.MarkupLineInterpolated(
                    $"{LoadSummary.DescribePlan(plan)}, {playerCount} players, to [bold]{connected.BaseAddress}[/] [grey](seed {actualSeed})[/]");

                var report = await LoadProgressBar.RunAsync(host.Out, progress => runner.RunAsync(plan, progress, cancellationToken));
                LoadSummary.Print(host.Out, report, playerCount);
                return report.Accepted == report.Sent && !report.Interrupted ? 0 : 1;
            }
        });
        return command;
    }
}
