using Lottopar.Providers.PostgreSql;
using Lottopar.Silo.Extensions;
using Lottopar.Silo.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>The state store writes and reads grain state on a small pool of its own, not on the application's.</summary>
public sealed class StoragePoolTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    [Fact]
    public void TheStoragePoolHasItsSlotsPlusFourConnectionsAndItsOwnName()
    {
        var runtime = new ProviderOptions { StorageWriteConcurrency = 6, StorageReadConcurrency = 3 };

        var storage = new NpgsqlConnectionStringBuilder(SiloServiceExtensions.StorageConnectionString("Host=db;Username=lottopar", runtime));

        Assert.Equal(13, storage.MaxPoolSize);
        Assert.Equal("lottopar-storage", storage.ApplicationName);
        Assert.Equal("db", storage.Host);
        Assert.Equal(64, storage.MaxAutoPrepare);
    }

    [Fact]
    public void AnApplicationNameGivenByTheDeploymentIsKeptAsThePrefix()
    {
        var storage = new NpgsqlConnectionStringBuilder(
            SiloServiceExtensions.StorageConnectionString("Host=db;Application Name=lottopar-prod;Maximum Pool Size=300", new ProviderOptions()));

        Assert.Equal("lottopar-prod-storage", storage.ApplicationName);
        Assert.Equal(12, storage.MaxPoolSize);
    }

    [Fact]
    public async Task GrainStateIsWrittenOnlyThroughTheStoragePool()
    {
        var oprid = await PlatformHost.OnboardAsync(fixture.Admin);
        await PlatformHost.IssueKeyAsync(fixture.Admin, oprid);

        // Each connection of this database with the last statement it ran: the state writes came
        // from the storage's connections, and there are no more of them than its pool allows.
        var connections = await fixture.Silo.Database.ScalarAsync<string>("""
            select coalesce(string_agg(application_name || ': ' || left(query, 30), ' | '), '')
            from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
            """) ?? "";
        var storage = await fixture.Silo.Database.ScalarAsync<long>("""
            select count(*) from pg_stat_activity where datname = current_database() and application_name = 'lottopar-storage'
            """);
        var stateWritesElsewhere = await fixture.Silo.Database.ScalarAsync<long>("""
            select count(*) from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and application_name <> 'lottopar-storage'
              and (query ilike '%insert into grain_state%' or query ilike '%update grain_state%')
            """);

        Assert.True(storage is >= 1 and <= 12, $"{storage} storage connections: {connections}");
        Assert.True(stateWritesElsewhere == 0, connections);
    }
}
