using System.CommandLine;
using System.Globalization;
using Lottopar.Client;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary><c>lottopar load betting-events</c>: generated events at a target rate (or as fast as N workers go), a live progress bar, a summary.</summary>
internal static class LoadCommand
{
    public static Command Create(CliHost host)
    {
        var connection = new ConnectionOptions(host);
        var rate = new Option<double?>("--rate") { Description = "Open loop: events started per second" }.Positive();
        var duration = new Option<double?>("--duration") { Description = "Seconds to offer load for" }.Positive();
        var count = new Option<long?>("--count") { Description = "Stop after this many events (with or without --duration)" }.Positive();
        var players = new Option<int>("--players") { Description = "Simulated players; one player never has two events in flight", DefaultValueFactory = _ => 100 }.AtLeastOne();
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "Open loop: the most requests in flight at once", DefaultValueFactory = _ => 256 }.AtLeastOne();
        var closedLoop = new Option<bool>("--closed-loop") { Description = "Closed loop: --workers send back to back, to find saturation" };
        var workers = new Option<int>("--workers") { Description = "Closed loop: concurrent workers", DefaultValueFactory = _ => 16 }.AtLeastOne();
        var seed = new Option<int?>("--seed") { Description = "The generator's seed (random by default; it also makes the run's slip ids unique)" };

        var command = new Command("betting-events", "Offer generated betting events to POST /betting-events and report throughput and latency. Exit code 0 when every event was accepted.");
        connection.AddTo(command);
        foreach (var option in new Option[] { rate, duration, count, players, maxInFlight, closedLoop, workers, seed })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (!result.GetValue(closedLoop) && result.GetValue(rate) is null)
            {
                result.AddError("Give --rate (events per second), or --closed-loop with --workers.");
            }

            if (result.GetValue(duration) is null && result.GetValue(count) is null)
            {
                result.AddError("Give --duration (seconds), --count, or both.");
            }
        });

        command.SetAction(async (result, cancellationToken) =>
        {
            var time = result.GetValue(duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            var plan = result.GetValue(closedLoop)
                ? LoadPlan.ClosedLoop(result.GetValue(workers), time, result.GetValue(count))
                : LoadPlan.OpenLoop(result.GetValue(rate)!.Value, time, result.GetValue(count), result.GetValue(maxInFlight));
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

                var report = await RunWithProgressAsync(host.Out, runner, plan, cancellationToken);
                LoadSummary.Print(host.Out, report, playerCount);
                return report.Accepted == report.Sent && !report.Interrupted ? 0 : 1;
            }
        });
        return command;
    }

    private static async Task<LoadReport> RunWithProgressAsync(IAnsiConsole console, LoadRunner runner, LoadPlan plan, CancellationToken cancellationToken)
    {
        LoadReport? report = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: 100);
                report = await runner.RunAsync(plan, progress =>
                {
                    task.Value = progress.Fraction * 100;
                    task.Description = Describe(progress);
                }, cancellationToken);
                task.StopTask();
            });
        return report!;
    }

    private static string Describe(LoadProgress progress) => string.Create(CultureInfo.InvariantCulture,
        $"sent {progress.Sent:N0}  done {progress.Completed:N0}  [red]errors {progress.Errors:N0}[/]  in flight {progress.InFlight:N0}  [bold]{progress.CurrentRate:N0}/s[/]");
}
