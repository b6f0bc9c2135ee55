using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>The silo's "bootstrap-admin" and "seed-demo" commands, run as the process deploy/run.sh runs.</summary>
public sealed class BootstrapAdminCommandTests
{
    [Fact]
    public async Task CommandCreatesTheFirstAdminWhoCanSignInAndRefusesASecondRun()
    {
        var database = await SiloDatabase.CreateAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("lottopar-bootstrap-").FullName;
        try
        {
            var (exitCode, output, _) = await RunSiloAsync(database, dataDirectory, "bootstrap-admin", "--email", "Chefe@Lottopar.example.com.br", "--name", "Chefe");
            Assert.Equal(0, exitCode);
            var variables = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim('\''));
            Assert.Equal(["LOTTOPAR_ADMIN_EMAIL", "LOTTOPAR_ADMIN_OTPAUTH_URI", "LOTTOPAR_ADMIN_PASSWORD", "LOTTOPAR_ADMIN_TOTP_SECRET"], variables.Keys.Order());
            Assert.Equal("chefe@lottopar.example.com.br", variables["LOTTOPAR_ADMIN_EMAIL"]);

            var second = await RunSiloAsync(database, dataDirectory, "bootstrap-admin", "--email", "chefe@lottopar.example.com.br");
            Assert.Equal(3, second.ExitCode);
            Assert.Contains("already exists", second.Error);

            await using var silo = await PlatformHost.StartAsync(settings: new Dictionary<string, string?>
            {
                ["ConnectionStrings:Lottopar"] = database.ConnectionString,
                ["Lottopar:DataDirectory"] = dataDirectory,
            });
            var admin = await silo.SignInAsync(variables["LOTTOPAR_ADMIN_EMAIL"], variables["LOTTOPAR_ADMIN_PASSWORD"], variables["LOTTOPAR_ADMIN_TOTP_SECRET"]);
            var me = await admin.GetFromJsonAsync<JsonElement>("/auth/me");
            Assert.Equal(["lottopar-admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        }
        finally
        {
            await database.DropAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task DemoCommandAddsAnOperatorWhoseKeyAndPosWorkAndRunsOnce()
    {
        var database = await SiloDatabase.CreateAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("lottopar-demo-").FullName;
        try
        {
            var (exitCode, output, error) = await RunSiloAsync(database, dataDirectory, "seed-demo");
            Assert.True(exitCode == 0, error);
            var variables = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            Assert.Equal(3, (await RunSiloAsync(database, dataDirectory, "seed-demo")).ExitCode);

            await using var silo = await PlatformHost.StartAsync(settings: new Dictionary<string, string?>
            {
                ["ConnectionStrings:Lottopar"] = database.ConnectionString,
                ["Lottopar:DataDirectory"] = dataDirectory,
            });
            var oprid = variables["LOTTOPAR_DEMO_OPRID"];
            var self = await silo.WithApiKey(variables["LOTTOPAR_DEMO_API_KEY"]).GetFromJsonAsync<JsonElement>($"/api/operators/{oprid}");
            Assert.Equal("active", self.GetProperty("status").GetString());
            using var sale = new HttpRequestMessage(HttpMethod.Get, $"/webSale.jsp?operation=4&date=20101130&turn=1&providercod={variables["LOTTOPAR_DEMO_PROVIDER"]}");
            sale.Headers.Add(PlatformHost.TestPeerHeader, "127.0.0.1");
            var answer = await (await silo.CreateClient().SendAsync(sale)).Content.ReadAsStringAsync();
            Assert.Equal("1", answer);
        }
        finally
        {
            await database.DropAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>Runs the silo built next to these tests (silo/bin/{configuration}/net10.0), like deploy/run.sh does.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunSiloAsync(SiloDatabase database, string dataDirectory, params string[] arguments)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Lottopar.Actors.sln")))
        {
            root = root.Parent;
        }

        var siloDirectory = Path.Combine(root!.FullName, "silo", "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = siloDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(siloDirectory, "Lottopar.Silo.dll"));
        arguments.ToList().ForEach(start.ArgumentList.Add);
        start.Environment["ConnectionStrings__Lottopar"] = database.ConnectionString;
        start.Environment["Lottopar__DataDirectory"] = dataDirectory;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await stdout, await stderr);
    }
}
