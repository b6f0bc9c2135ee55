using System.Globalization;
using Lottopar.Client;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>The live progress bar of a load run: how far, how many sent, done, failed, in flight, and the current rate.</summary>
internal static class LoadProgressBar
{
    /// <param name="run">Runs the load, calling its argument with each progress snapshot.</param>
    public static async Task<TReport> RunAsync<TReport>(IAnsiConsole console, Func<Action<LoadProgress>, Task<TReport>> run)
    {
        TReport? report = default;
        await console.Progress()
            .AutoClear(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: 100);
                report = await run(progress =>
                {
                    task.Value = progress.Fraction * 100;
                    task.Description = Describe(progress);
                });
                task.StopTask();
            });
        return report!;
    }

    private static string Describe(LoadProgress progress) => string.Create(CultureInfo.InvariantCulture,
        $"sent {progress.Sent:N0}  done {progress.Completed:N0}  [red]errors {progress.Errors:N0}[/]  in flight {progress.InFlight:N0}  [bold]{progress.CurrentRate:N0}/s[/]");
}
