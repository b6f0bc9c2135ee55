using Lottopar.Runtime.Migrations;
using Lottopar.Silo.Apis;
using Lottopar.Silo.Health;

namespace Lottopar.Silo.Extensions;

public static class SiloApplicationExtensions
{
    /// <summary>Maps the silo's HTTP endpoints.</summary>
    public static WebApplication MapLottoparSilo(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.MapRuntimeApi();
        app.MapSiloInfoApi();
        return app;
    }

    /// <summary>The "migrate" command: applies pending migrations, reports them, exits 0 (or 1 with the reason).</summary>
    public static async Task<int> MigrateAndExitAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILogger<SchemaMigrator>>();
        try
        {
            var applied = await app.Services.GetRequiredService<SchemaMigrator>().ApplyAsync(CancellationToken.None);
            logger.LogInformation("Schema is current; {Count} migrations applied now", applied.Count);
            return 0;
        }
        catch (Exception error) when (error is InvalidOperationException or Npgsql.NpgsqlException)
        {
            logger.LogError(error, "Migration failed");
            return 1;
        }
    }
}
