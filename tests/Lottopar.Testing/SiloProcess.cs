using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Lottopar.Testing;

/// <summary>
/// The real silo as a separate process, as deploy/run.sh runs it: the build of the given
/// configuration (benchmarks use Release, tests the Debug build deploy/test.sh makes).
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public static async Task<SiloProcess> StartAsync(string connectionString, string dataDirectory, IDictionary<string, string> settings, string configuration = "Release")
    {
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        var start = Start(configuration, connectionString, dataDirectory, settings, "--urls", url);
        start.RedirectStandardOutput = false;
        var process = Process.Start(start)!;
        TakeAlongWhenStopped(process);
        var silo = new SiloProcess(process, url);
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                if ((await http.GetAsync($"{url}/health/ready")).IsSuccessStatusCode)
                {
                    return silo;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        await silo.DisposeAsync();
        throw new TimeoutException("The silo did not become ready within 60 s.");
    }

    /// <summary>Runs a silo command (migrate, bootstrap-admin) and returns its standard output.</summary>
    public static async Task<string> RunCommandAsync(
        string connectionString, string dataDirectory, IDictionary<string, string> settings, string configuration, params string[] arguments)
    {
        using var process = Process.Start(Start(configuration, connectionString, dataDirectory, settings, arguments))!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"silo {string.Join(' ', arguments)} failed: {error}");
    }

    /// <summary>Seeds the demonstration operator (the silo's <c>seed-demo</c> command) and returns its API key.</summary>
    public static async Task<string> SeedDemoApiKeyAsync(string connectionString, string dataDirectory, IDictionary<string, string> settings, string configuration)
    {
        const string KeyLine = "LOTTOPAR_DEMO_API_KEY=";
        var seeded = await RunCommandAsync(connectionString, dataDirectory, settings, configuration, "seed-demo");
        return seeded.Split('\n').Single(l => l.StartsWith(KeyLine, StringComparison.Ordinal))[KeyLine.Length..].Trim();
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash or an OOM kill would: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static readonly List<PosixSignalRegistration> StopSignals = [];

    /// <summary>
    /// A benchmark stopped by SIGTERM or SIGINT takes its silo with it; the signal then ends the
    /// benchmark as it would have. Left running, an orphaned silo retries its loops against the
    /// deleted cluster and takes CPU from the runs after it.
    /// </summary>
    private static void TakeAlongWhenStopped(Process process)
    {
        lock (StopSignals)
        {
            foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
            {
                StopSignals.Add(PosixSignalRegistration.Create(signal, _ => KillIfRunning(process)));
            }
        }
    }

    private static void KillIfRunning(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // disposed: it was stopped already
        }
    }

    private static ProcessStartInfo Start(string configuration, string connectionString, string dataDirectory, IDictionary<string, string> settings, params string[] arguments)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lottopar.Actors.sln")))
        {
            directory = directory.Parent;
        }

        var siloDirectory = Path.Combine(directory!.FullName, "silo", "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = siloDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(siloDirectory, "Lottopar.Silo.dll"));
        arguments.ToList().ForEach(start.ArgumentList.Add);
        start.Environment["ConnectionStrings__Lottopar"] = connectionString;
        start.Environment["Lottopar__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return start;
    }
}
