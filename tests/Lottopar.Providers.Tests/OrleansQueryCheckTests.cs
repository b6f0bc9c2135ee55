using System.Reflection;
using Lottopar.Providers.PostgreSql;
using Lottopar.Testing;
using Orleans.Configuration;
using Xunit;

namespace Lottopar.Providers.Tests;

/// <summary>
/// The silo's start-up check of the OrleansQuery table, and its key lists against the providers
/// themselves.
/// </summary>
public sealed class OrleansQueryCheckTests
{
    [Fact]
    public async Task The_key_lists_are_those_the_providers_demand()
    {
        Assert.Equal(StoredQueryKeys(typeof(AdoNetClusteringSiloOptions).Assembly, "Orleans.Clustering.AdoNet.Storage.DbStoredQueries"),
            OrleansQueryCheck.ClusteringKeys.Order());
        Assert.Equal(StoredQueryKeys(typeof(AdoNetReminderTableOptions).Assembly, "Orleans.Reminders.AdoNet.Storage.DbStoredQueries"),
            OrleansQueryCheck.ReminderKeys.Order());

        var database = await TestDatabase.CreateAsync("query_keys");
        var migrated = await database.ScalarAsync<string[]>("select array_agg(QueryKey) from OrleansQuery");
        Assert.Equal(OrleansQueryCheck.ClusteringKeys.Concat(OrleansQueryCheck.ReminderKeys).Order(), migrated!.Order());
    }

    [Fact]
    public async Task A_migrated_database_passes()
    {
        var database = await TestDatabase.CreateAsync("query_check");
        await OrleansQueryCheck.EnsureAsync(database.DataSource, CancellationToken.None);
    }

    [Fact]
    public async Task A_missing_key_is_named_with_the_remedy()
    {
        var database = await TestDatabase.CreateAsync("query_missing");
        await database.ScalarAsync<object>("delete from OrleansQuery where QueryKey = 'ReadRangeRows2Key'");
        await database.ScalarAsync<object>("update OrleansQuery set QueryText = '  ' where QueryKey = 'GatewaysQueryKey'");

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(
            () => OrleansQueryCheck.EnsureAsync(database.DataSource, CancellationToken.None));

        Assert.Contains("GatewaysQueryKey, ReadRangeRows2Key", refusal.Message);
        Assert.Contains("run the silo's migrate command", refusal.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ReadRangeRows1Key", refusal.Message);
    }

    [Fact]
    public async Task A_database_without_the_table_is_refused_naming_every_key()
    {
        var database = await TestDatabase.CreateAsync("query_unmigrated", migrate: false);

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(
            () => OrleansQueryCheck.EnsureAsync(database.DataSource, CancellationToken.None));

        Assert.All(OrleansQueryCheck.ClusteringKeys.Concat(OrleansQueryCheck.ReminderKeys), key => Assert.Contains(key, refusal.Message));
    }

    // DbStoredQueries refuses to start a provider unless every one of its non-public instance
    // properties has a key of the same name; those properties are the contract.
    private static IEnumerable<string> StoredQueryKeys(Assembly provider, string typeName) =>
        (provider.GetType(typeName, throwOnError: true)!)
            .GetProperties(BindingFlags.Instance | BindingFlags.NonPublic)
            .Select(property => property.Name)
            .Order();
}
