using Lottopar.GrainInterfaces.Common;
using Lottopar.Providers.PostgreSql.Migrations;
using Lottopar.Silo.Apis;
using Lottopar.Silo.Apis.Admin;
using Lottopar.Silo.Betting;
using Lottopar.Silo.CpfChecks;
using Lottopar.Silo.Cluster;
using Lottopar.Silo.Health;
using Lottopar.Silo.Http;
using Lottopar.Silo.Integrity;
using Lottopar.Silo.Lottery;
using Lottopar.Silo.Notifications;
using Lottopar.Silo.Payments;
using Lottopar.Silo.Vault;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Extensions;

public static class SiloApplicationExtensions
{
    /// <summary>Maps the silo's HTTP endpoints.</summary>
    public static WebApplication MapLottoparSilo(this WebApplication app)
    {
        var silo = app.Services.GetRequiredService<IOptions<SiloOptions>>().Value;
        app.UseLottoparResponseHeaders(silo.Environment);
        app.UsePixWebhookTls();
        app.UseExceptionHandler();
        app.UseStatusCodePages(WriteStatusProblemAsync);
        app.UseRequestGuards();
        app.UseAuthentication();
        app.UseRateLimiter(); // after authentication: some limits are per operator
        app.UseAuthorization();
        app.UseAntiforgery(); // the back office's forms

        app.MapHealthEndpoints();
        app.MapRuntimeApi();
        app.MapLottoparDashboard();
        app.MapDashboardSignIn();
        app.MapSiloInfoApi();
        app.MapAuthApi();
        app.MapOperatorsAdminApi();
        app.MapStaffAdminApi();
        app.MapAuditAdminApi();
        app.MapGrainInspectorApi();
        app.MapOperatorSelfApi();
        app.MapVaultSftpKeysApi();
        app.MapVaultApi();
        app.MapCpfApi();
        app.MapCpfRestrictionsAdminApi();
        app.MapPaymentsAdminApi();
        app.MapPaymentsApi();
        app.MapIntegrityApi();
        app.MapIntegrityAdminApi();
        app.MapIntegrityCasesApi();
        app.MapReconciliationApi();
        app.MapIntegrityPlayersApi();
        app.MapPlayerLimitsApi();
        app.MapPixWebhookApi();
        if (silo.Environment == DeploymentEnvironment.Homologation)
        {
            app.MapSandboxRegistryAdminApi();
        }

        app.MapBettingEventsApi();
        app.MapWebSaleApi();
        app.MapLotteryAdminApi();
        if (app.Configuration.GetValue<bool>(BenchmarkFloorApi.Setting))
        {
            app.MapBenchmarkFloorApi();
            app.MapWebSaleFloorApi();
            app.MapPaymentsFloorApi();
        }
        if (app.Services.GetRequiredService<IOptions<NotificationOptions>>().Value.Mode == NotificationMode.Outbox)
        {
            app.MapDevOutboxApi();
        }

        app.MapLottoparBackOffice();
        app.MapOpenApi();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Lottopar Actors");
            o.DocumentTitle = $"Lottopar Actors API ({silo.Environment.Display()})";
        });
        return app;
    }

    /// <summary>
    /// An error answer nothing wrote a body for (no route: 404, a method the route does not take: 405) as
    /// problem details with a code, like every other, whatever the client's Accept header says (the
    /// framework's own writer declines a browser's "text/html", and its status page is then plain text).
    /// </summary>
    private static Task WriteStatusProblemAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        return Problems.WriteAsync(context.HttpContext, status, Problems.CodeOf(status), ReasonPhrases.GetReasonPhrase(status));
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
