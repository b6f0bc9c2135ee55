using System.Diagnostics;

namespace Lottopar.Testing;

/// <summary>Runs the real command-line tools (ssh-keygen, openssl) that serve as independent oracles.</summary>
public static class ExternalTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="fileName"/> and returns its standard output; throws when it fails.</summary>
    public static string Run(string fileName, params string[] arguments)
    {
        var result = Try(fileName, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.Errors}");
        }

        return result.Output;
    }

    /// <summary>Runs <paramref name="fileName"/> to its end, whatever its exit code (a refusal the test expects).</summary>
    public static ToolResult Try(string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();

        // Read both streams concurrently so that neither pipe can fill up and block the tool.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new ToolResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}

/// <summary>What a tool printed and how it ended.</summary>
public sealed record ToolResult(int ExitCode, string Output, string Errors);
