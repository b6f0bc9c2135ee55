using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Providers.Tests.Storage;

/// <summary>Natural keys claimed with the state write through our provider, guarded by PostgreSQL's primary key.</summary>
public sealed class UniqueKeyTests(StorageSilo silo) : IClassFixture<StorageSilo>
{
    private const string Scope = "test-nickname";

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private ICounterGrain Counter(string key) => silo.Grains.GetGrain<ICounterGrain>(key);

    private IUniqueKeyDirectory Directory => silo.Services.GetRequiredService<IUniqueKeyDirectory>();

    [Fact]
    public async Task Concurrent_claims_of_one_key_have_exactly_one_winner()
    {
        var nickname = NewKey();
        var contenders = Enumerable.Range(0, 10).Select(_ => NewKey()).ToList();

        var outcomes = await Task.WhenAll(contenders.Select(key => Task.Run(async () =>
        {
            try
            {
                await Counter(key).AddAsync(1, nickname);
                return true;
            }
            catch (OrleansException error) when (error.InnerException is UniqueKeyConflictException)
            {
                // Orleans wraps what a storage provider throws; the grain (or its caller) unwraps it.
                return false;
            }
        })));

        Assert.Equal(1, outcomes.Count(won => won));
        var winner = contenders[Array.IndexOf(outcomes, true)];
        Assert.Equal(new StoredGrainId("test-counter", winner), await Directory.FindAsync(Scope, nickname));
        Assert.Equal(1, await silo.Database.ScalarAsync<long>(
            "select count(*) from grain_state where grain_type = 'test-counter' and grain_key = any($1)", (object)contenders.ToArray()));
    }

    [Fact]
    public async Task Changing_a_key_releases_the_old_one()
    {
        var (first, second, oldNickname, newNickname) = (NewKey(), NewKey(), NewKey(), NewKey());
        await Counter(first).AddAsync(1, oldNickname);

        await Counter(first).AddAsync(1, newNickname);
        await Counter(second).AddAsync(1, oldNickname);

        Assert.Equal(new StoredGrainId("test-counter", second), await Directory.FindAsync(Scope, oldNickname));
        Assert.Equal(new StoredGrainId("test-counter", first), await Directory.FindAsync(Scope, newNickname));
        Assert.Null(await Directory.FindAsync(Scope, NewKey()));
    }
}
