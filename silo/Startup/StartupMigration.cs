using Lottopar.GrainInterfaces.Common;
using Lottopar.Providers.PostgreSql;
using Lottopar.Providers.PostgreSql.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lottopar.Silo.Startup;

/// <summary>
/// Brings the schema up to date before our providers and the Orleans silo start (registered before
/// both, so it runs first), then checks that every query Orleans' ADO.NET providers will ask for
/// by key is there (<see cref="OrleansQueryCheck"/>). PostgreSQL may come up a little after
/// the silo (a machine boot), so unreachable servers are retried until the start-up timeout;
/// staff rows not under the key their e-mail gives are re-keyed (<see cref="StaffRowRekeying"/>);
/// a script error or a schema newer than the build stops the silo at once.
/// </summary>
internal sealed class StartupMigration(
    SchemaMigrator migrator, NpgsqlDataSource dataSource, PersonalGrainKeys keys, IOptions<SiloOptions> options, ILogger<StartupMigration> logger) : IHostedService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.DataDirectory);
        // Real elapsed time, not the injected clock: this is how long the process waits, whatever the business date.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var applied = await migrator.ApplyAsync(cancellationToken);
                logger.LogInformation("Database schema is current ({Applied} migrations applied at start-up)", applied.Count);
                await OrleansQueryCheck.EnsureAsync(dataSource, cancellationToken);
                if (await StaffRowRekeying.RunAsync(dataSource, keys, cancellationToken) is > 0 and var moved)
                {
                    logger.LogInformation("{Moved} staff accounts moved to the key their e-mail gives under the current secret", moved);
                }

                return;
            }
            catch (NpgsqlException error) when (error is not PostgresException && waited.Elapsed < options.Value.StartupDatabaseTimeout)
            {
                logger.LogWarning("PostgreSQL is not reachable yet ({Error}); retrying", error.Message);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
