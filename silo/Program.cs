using Lottopar.Silo.Commands;
using Lottopar.Silo.Extensions;

// Commands: "migrate" applies the schema and exits; "bootstrap-admin" creates the first admin;
// "seed-demo" adds the demonstration operator; anything else runs the silo.
var command = args.FirstOrDefault() is "migrate" or "bootstrap-admin" or "seed-demo" ? args[0] : null;
var builder = WebApplication.CreateBuilder(command is null ? args : args[1..]);
if (command is not null)
{
    // A command joins the cluster only for its own work: it must not take the silo's ports.
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Lottopar:Orleans:SiloPort"] = "0",
        ["Lottopar:Orleans:GatewayPort"] = "0",
    });
}

builder.AddLottoparSilo(runPlatform: command != "migrate");
if (command is not null)
{
    builder.WebHost.UseUrls("http://127.0.0.1:0"); // a command must not take the silo's port
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace); // stdout carries the command's output
}

var app = builder.Build();
switch (command)
{
    case "migrate":
        return await app.MigrateAndExitAsync();
    case "bootstrap-admin":
        return await BootstrapAdminCommand.RunAsync(app, args);
    case "seed-demo":
        return await SeedDemoCommand.RunAsync(app, args);
}

app.MapLottoparSilo();
await app.RunAsync();
return 0;

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
