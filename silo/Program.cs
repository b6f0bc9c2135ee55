using Lottopar.Silo.Extensions;

// "migrate" applies the schema and exits (used by deploy/run.sh); anything else runs the silo.
var migrateOnly = args.FirstOrDefault() == "migrate";
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);
builder.AddLottoparSilo(runActorRuntime: !migrateOnly);

var app = builder.Build();
if (migrateOnly)
{
    return await app.MigrateAndExitAsync();
}

app.MapLottoparSilo();
await app.RunAsync();
return 0;

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
