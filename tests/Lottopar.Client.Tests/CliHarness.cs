using Lottopar.Cli;
using Spectre.Console;

namespace Lottopar.Client.Tests;

/// <summary>Runs the <c>lottopar</c> tool in-process with its output (and errors) captured as plain text.</summary>
internal static class CliHarness
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string[] args, Dictionary<string, string?>? environment = null)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        var host = new CliHost(console, console, name => environment?.GetValueOrDefault(name));

        var exitCode = await LottoparCli.RunAsync(args, host);
        return (exitCode, writer.ToString());
    }
}
