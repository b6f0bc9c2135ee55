using Lottopar.Silo.Extensions;
using Lottopar.Silo.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>The stream log's partition locks hold their connections on a pool of their own, not on the application's.</summary>
public sealed class StreamLockPoolTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    [Fact]
    public void ThePoolHoldsAPartitionLockPerPartitionOfEachReaderAndThePresenceWithRoomForAttempts()
    {
        var locks = new NpgsqlConnectionStringBuilder(SiloServiceExtensions.StreamLocksConnectionString("Host=db;Username=lottopar", projections: 4, consumedNamespaces: 4));

        Assert.Equal(16 * 8 + 1 + 16, locks.MaxPoolSize);
        Assert.Equal("lottopar-streams", locks.ApplicationName);
        Assert.Equal("db", locks.Host);
        Assert.Equal(64, locks.MaxAutoPrepare);
    }

    [Fact]
    public void AnApplicationNameGivenByTheDeploymentIsKeptAsThePrefix()
    {
        var locks = new NpgsqlConnectionStringBuilder(
            SiloServiceExtensions.StreamLocksConnectionString("Host=db;Application Name=lottopar-prod;Maximum Pool Size=300", projections: 2, consumedNamespaces: 0));

        Assert.Equal("lottopar-prod-streams", locks.ApplicationName);
        Assert.Equal(16 * 2 + 1 + 16, locks.MaxPoolSize);
    }

    [Fact]
    public async Task EveryAdvisoryLockOfTheStreamLogIsHeldOnTheStreamLocksPool()
    {
        // Every projection partition is owned (a single silo takes them all) once its loops have started.
        var held = await Testing.Eventually.HoldsAsync(
            () => fixture.Silo.Database.ScalarAsync<long>("""
                select count(distinct a.pid) from pg_locks l join pg_stat_activity a using (pid)
                where l.locktype = 'advisory' and l.granted and a.datname = current_database() and a.application_name = 'lottopar-streams'
                """),
            n => n >= 16 * 2 + 1, "the projections' partitions and the presence are held");
        var elsewhere = await fixture.Silo.Database.ScalarAsync<string>("""
            select coalesce(string_agg(a.application_name || ': ' || left(a.query, 40), ' | '), '')
            from pg_locks l join pg_stat_activity a using (pid)
            where l.locktype = 'advisory' and a.datname = current_database() and a.application_name <> 'lottopar-streams'
            """);

        Assert.True(held >= 33, $"{held} lock sessions");
        Assert.Equal("", elsewhere);
    }
}
