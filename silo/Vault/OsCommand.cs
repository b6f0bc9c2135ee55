using System.Diagnostics;

namespace Lottopar.Silo.Vault;

/// <summary>Runs a system program (useradd, chown) with its arguments passed as a list, never through a shell.</summary>
public static class OsCommand
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new Result(process.ExitCode, (await output + await error).Trim());
    }

    public static async Task RequireAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var list = arguments.ToList();
        var result = await RunAsync(fileName, list, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', list)} failed ({result.ExitCode}): {result.Output}");
        }
    }
}
