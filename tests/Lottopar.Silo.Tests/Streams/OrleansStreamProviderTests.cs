using Lottopar.GrainInterfaces.Betting;
using Lottopar.Grains.Betting;
using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql.Streams.Orleans;
using Lottopar.Silo.Cluster;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers.Streams.Common;
using Xunit;

namespace Lottopar.Silo.Tests.Streams;

/// <summary>
/// The silo registers the stream log as an Orleans stream provider for the namespaces grains
/// subscribe to: a grain subscribed to <c>betting</c> receives what the API accepted, and
/// namespaces nobody consumes get no pulling agent (the integrity module consumes betting, payments, vault and lottery).
/// </summary>
public sealed class OrleansStreamProviderTests
{
    [Fact]
    public async Task A_grain_subscribed_to_betting_receives_an_event_posted_through_the_API_and_only_consumed_namespaces_have_agents()
    {
        await using var silo = await PlatformHost.StartAsync(settings: PlatformHost.IntegrityOn());
        var admin = await silo.AdminAsync();
        var oprid = await PlatformHost.OnboardAsync(admin);
        var betting = silo.WithApiKey(await PlatformHost.IssueKeyAsync(admin, oprid, "homologation", "betting-events"));
        var cpf = BettingFixture.NewCpf();

        var accepted = await BettingFixture.AcceptedAsync(await BettingFixture.PostAsync(betting, BettingFixture.Example("single-new-bet", j =>
        {
            j["tax_id"] = cpf;
            j["bet_slip_id"] = $"slip_{Guid.NewGuid():N}";
        })));

        var eventId = Guid.Parse(accepted["event_id"]!.GetValue<string>());
        var received = await Eventually.HoldsAsync(
            () => Task.FromResult(BettingStreamProbeGrain.Of(eventId)), r => r.Count > 0, "the subscribed grain receives the event", TimeSpan.FromSeconds(30));
        var (streamKey, record) = Assert.Single(received);
        Assert.Equal(oprid, streamKey);
        Assert.Equal((oprid, cpf.Replace(".", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal)), (record.Oprid, record.Cpf));

        // One agent per partition of each namespace consumed (betting, payments, vault, lottery): audit, security and integrity have none.
        var provider = (Orleans.Providers.IControllable)silo.Services.GetRequiredKeyedService<Orleans.Streams.IStreamProvider>(StreamProviderNames.StreamLog);
        var agents = await provider.ExecuteCommand((int)PersistentStreamProviderCommand.GetNumberRunningAgents, null);
        Assert.Equal(4 * Lottopar.Providers.PostgreSql.Streams.StreamPartitioner.PartitionCount, Convert.ToInt32(agents, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Namespaces_get_agents_only_when_a_grain_class_subscribes()
    {
        string[] integrity = [BettingStreams.Namespace, GrainInterfaces.Payments.PaymentStreams.Namespace, GrainInterfaces.Vault.VaultStreams.Namespace, GrainInterfaces.Lottery.LotteryStreams.Namespace];
        Assert.Empty(ImplicitSubscriptions.NamespacesOf([typeof(Program).Assembly], OrleansHosting.StreamNamespaces));
        Assert.Equal(integrity.Order(), ImplicitSubscriptions.NamespacesOf([typeof(BetSlipGrain).Assembly], OrleansHosting.StreamNamespaces).Order());
        Assert.Equal([BettingStreams.Namespace], ImplicitSubscriptions.NamespacesOf([typeof(BettingStreamProbeGrain).Assembly], OrleansHosting.StreamNamespaces));
        Assert.Equal(integrity.Order(), ImplicitSubscriptions.InApplicationParts(OrleansHosting.StreamNamespaces).Order());

        // A silo without the integrity module offers none of its streams to consumers.
        var off = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Lottopar:Integrity:Enabled"] = "false" }).Build();
        Assert.Empty(OrleansHosting.ConsumedNamespaces(off));
        Assert.Equal(integrity.Order(), OrleansHosting.ConsumedNamespaces(new ConfigurationBuilder().Build()).Order());
    }
}
