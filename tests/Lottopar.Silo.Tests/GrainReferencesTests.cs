using System.Text.Json;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>References made by <see cref="GrainReferences.Keyed{TGrain}"/> are the ones Orleans makes, for every interface.</summary>
public sealed class GrainReferencesTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    [Fact]
    public void AReferenceIsTheOneOrleansMakesForTheSameKeyAndInterface()
    {
        var grains = Cluster;
        foreach (var key in new[] { "OPR-000001", "OPR-000002", "OPR-000003" })
        {
            AssertSame(grains.GetGrain<IOperatorGrain>(key), grains.Keyed<IOperatorGrain>(key));
            AssertSame(grains.GetGrain<IBetSlipGrain>(key + "/slip"), grains.Keyed<IBetSlipGrain>(key + "/slip"));
        }
    }

    [Fact]
    public async Task ACallThroughAKeyedReferenceReachesItsGrain()
    {
        var oprid = await PlatformHost.OnboardAsync(fixture.Admin);

        var direct = JsonSerializer.Serialize(await Cluster.GetGrain<IOperatorGrain>(oprid).GetAsync());
        Assert.Contains(oprid, direct);
        Assert.Equal(direct, JsonSerializer.Serialize(await Cluster.Keyed<IOperatorGrain>(oprid).GetAsync()));
        Assert.Equal(direct, JsonSerializer.Serialize(await Cluster.Keyed<IOperatorGrain>(oprid).GetAsync()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void ABlankKeyIsRefusedAsOrleansRefusesIt(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => Cluster.Keyed<IOperatorGrain>(key));
        Assert.ThrowsAny<ArgumentException>(() => Cluster.Keyed<IOperatorGrain>(key));
    }

    private Orleans.IGrainFactory Cluster => fixture.Silo.Services.GetRequiredService<Orleans.IGrainFactory>();

    private static void AssertSame(object expected, object actual)
    {
        var (e, a) = ((GrainReference)expected, (GrainReference)actual);
        Assert.Equal(e.GrainId, a.GrainId);
        Assert.Equal(e.InterfaceType, a.InterfaceType);
        Assert.Equal(expected.GetType(), actual.GetType());
    }
}
