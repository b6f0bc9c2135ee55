using Lottopar.Providers.PostgreSql.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Lottopar.Silo.Health;

/// <summary>Ready means: PostgreSQL answers and its schema is exactly this build's.</summary>
internal sealed class DatabaseReadyCheck(SchemaMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var schema = await migrator.GetStatusAsync(cancellationToken);
            return schema.IsCurrent
                ? HealthCheckResult.Healthy(schema.Description)
                : HealthCheckResult.Unhealthy(schema.Description);
        }
        catch (NpgsqlException error)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL is not reachable: {error.Message}");
        }
    }
}
