using Lottopar.Testing;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>Natural keys claimed with the state write, guarded by PostgreSQL's primary key.</summary>
public sealed class UniqueKeyTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.SharedAsync();
        _silo = await TestSilo.StartAsync(_database);
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private IRegistrantGrain Registrant(string key) => _silo.Grains.GetGrain<IRegistrantGrain>(key);

    [Fact]
    public async Task SecondGrainClaimingAHeldKeyIsRefusedAndWritesNothing()
    {
        var (first, second, taxId, notes) = (NewKey(), NewKey(), NewKey(), NewKey());
        await Registrant(first).RegisterAsync(taxId, $"{first}@example.com", notes);

        var error = await Assert.ThrowsAsync<UniqueKeyConflictException>(() => Registrant(second).RegisterAsync(taxId, $"{second}@example.com", notes));

        var conflict = Assert.Single(error.Conflicts);
        Assert.Equal(("tax_id", taxId, new GrainId("registrant", first)), (conflict.Scope, conflict.Value, conflict.HeldBy));
        Assert.Equal(0, await _database.ScalarAsync<long>("select count(*) from grain_state where grain_type = 'registrant' and grain_key = $1", second));
        Assert.Equal(0, await _database.ScalarAsync<long>("select count(*) from grain_unique_keys where grain_key = $1", second));
        Assert.Equal(1, await _database.ScalarAsync<long>("select count(*) from stream_events where stream_namespace = $1", notes));
    }

    [Fact]
    public async Task RefusedWriteLeavesNoDirtyStateInTheActivation()
    {
        var (holder, loser, taxId) = (NewKey(), NewKey(), NewKey());
        await Registrant(holder).RegisterAsync(taxId, $"{holder}@example.com", NewKey());

        await Assert.ThrowsAsync<UniqueKeyConflictException>(() => Registrant(loser).RegisterAsync(taxId, $"{loser}@example.com", NewKey()));

        Assert.Null(await Registrant(loser).GetTaxIdAsync());
    }

    [Fact]
    public async Task ConcurrentClaimsOfOneKeyHaveExactlyOneWinner()
    {
        var taxId = NewKey();
        var contenders = Enumerable.Range(0, 10).Select(_ => NewKey()).ToList();

        var outcomes = await Task.WhenAll(contenders.Select(key => Task.Run(async () =>
        {
            try
            {
                await Registrant(key).RegisterAsync(taxId, $"{key}@example.com", NewKey());
                return true;
            }
            catch (UniqueKeyConflictException)
            {
                return false;
            }
        })));

        Assert.Equal(1, outcomes.Count(won => won));
        var winner = contenders[Array.IndexOf(outcomes, true)];
        Assert.Equal(new GrainId("registrant", winner), await _silo.Services.GetRequiredService<IUniqueKeyDirectory>().FindAsync("tax_id", taxId));
    }

    [Fact]
    public async Task ChangingAKeyReleasesTheOldOne()
    {
        var (first, second, oldTaxId, newTaxId) = (NewKey(), NewKey(), NewKey(), NewKey());
        await Registrant(first).RegisterAsync(oldTaxId, $"{first}@example.com", NewKey());

        await Registrant(first).RegisterAsync(newTaxId, $"{first}@example.com", NewKey());
        await Registrant(second).RegisterAsync(oldTaxId, $"{second}@example.com", NewKey());

        var directory = _silo.Services.GetRequiredService<IUniqueKeyDirectory>();
        Assert.Equal(new GrainId("registrant", second), await directory.FindAsync("tax_id", oldTaxId));
        Assert.Equal(new GrainId("registrant", first), await directory.FindAsync("tax_id", newTaxId));
        Assert.Null(await directory.FindAsync("tax_id", NewKey()));
    }

    [Fact]
    public async Task InMemoryStorageKeepsTheSameRule()
    {
        await using var silo = await TestSilo.StartAsync(database: null);
        var (first, second, taxId) = (NewKey(), NewKey(), NewKey());
        await silo.Grains.GetGrain<IRegistrantGrain>(first).RegisterAsync(taxId, "a@example.com", "notes");

        var error = await Assert.ThrowsAsync<UniqueKeyConflictException>(() => silo.Grains.GetGrain<IRegistrantGrain>(second).RegisterAsync(taxId, "b@example.com", "notes"));

        Assert.Equal("tax_id", Assert.Single(error.Conflicts).Scope);
    }
}
