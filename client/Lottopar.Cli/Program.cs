using Lottopar.Cli;
using Spectre.Console;

var output = ConsoleFor(Console.Out, Console.IsOutputRedirected);
var errors = ConsoleFor(Console.Error, Console.IsErrorRedirected);
return await LottoparCli.RunAsync(args, new CliHost(output, errors, Environment.GetEnvironmentVariable));

// Piped into a file or another program: plain text, and lines not wrapped at 80 columns.
static IAnsiConsole ConsoleFor(TextWriter writer, bool redirected)
{
    var console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
    });
    if (redirected)
    {
        console.Profile.Width = 320;
    }

    return console;
}
