using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.GrainInterfaces.Vault;
using Lottopar.Providers.Abstractions;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Xunit;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>
/// A silo of the integrity tests' own: rule changes are global to a database, so they stay here.
/// Each test onboards its own operators and players.
/// </summary>
public sealed class IntegrityFixture : PlatformFixture
{
    protected override IDictionary<string, string?> Settings => PlatformHost.IntegrityOn();

    /// <summary>A new operator and a client with an API key of the given scopes.</summary>
    public async Task<(string Oprid, HttpClient Client)> OperatorAsync(params string[] scopes)
    {
        var oprid = await PlatformHost.OnboardAsync(Admin);
        return (oprid, Silo.WithApiKey(await PlatformHost.IssueKeyAsync(Admin, oprid, "homologation", scopes)));
    }

    /// <summary>Posts a new_bet for the player (its changes applied to the document's example); the accepted event's id.</summary>
    public static async Task<string> BetAsync(HttpClient client, string cpf, Action<System.Text.Json.Nodes.JsonObject>? change = null, string? idempotencyKey = null)
    {
        var json = BettingFixture.Example("single-new-bet", j =>
        {
            j["tax_id"] = cpf;
            j["bet_slip_id"] = $"slip_{Guid.NewGuid():N}";
            change?.Invoke(j);
        });
        var accepted = await BettingFixture.AcceptedAsync(await BettingFixture.PostAsync(client, json, idempotencyKey));
        return accepted["event_id"]!.GetValue<string>();
    }

    /// <summary>
    /// The alert the caller sees (?query) that satisfies <paramref name="condition"/>, once there is one.
    /// Asked every 100 ms: an API key's rate limit refills by the tests' clock, which stands still.
    /// </summary>
    public static async Task<JsonElement> AlertAsync(HttpClient client, string query, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var alerts = await AlertsAsync(client, query);
            if (alerts.FirstOrDefault(condition) is { ValueKind: not JsonValueKind.Undefined } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting until {what}; the alerts ({query}): {string.Join(" | ", alerts.Select(a => a.GetRawText()))}");
            }

            await Task.Delay(100);
        }
    }

    public static async Task<List<JsonElement>> AlertsAsync(HttpClient client, string query) =>
        [.. (await Expect.JsonAsync(await client.GetAsync($"/integrity/alerts?{query}"))).EnumerateArray()];

    public static bool HasEvidence(JsonElement alert, string id) =>
        alert.GetProperty("evidence").EnumerateArray().Any(e => e.GetProperty("id").GetString() == id);

    /// <summary>Commits an event on a platform stream, as the grain that owns it would (the vault, a payment).</summary>
    public Task PublishAsync<T>(string streamNamespace, string key, string eventName, T payload) where T : notnull => PublishAsync(Silo, streamNamespace, key, eventName, payload);

    public static Task PublishAsync<T>(PlatformHost silo, string streamNamespace, string key, string eventName, T payload) where T : notnull =>
        silo.Services.GetRequiredService<IStreamEventLog>().AppendAsync(
            GrainId.Create("integrity_test", key), new StreamId(streamNamespace, key), eventName, payload, silo.Clock.GetUtcNow());

    public Task PublishVaultAsync(string oprid, string kind, string message, Guid? fileId = null) => PublishVaultAsync(Silo, oprid, kind, message, fileId);

    /// <summary>A vault event about the operator, as its vault grain publishes it.</summary>
    public static Task PublishVaultAsync(PlatformHost silo, string oprid, string kind, string message, Guid? fileId = null) =>
        PublishAsync(silo, VaultStreams.Namespace, oprid, kind, new VaultEvent(silo.Clock.GetUtcNow(), oprid, kind, message, fileId));

    /// <summary>A settled payment of the player at the operator, as the payment grains publish it.</summary>
    public Task PublishPaymentAsync(string oprid, string cpfDigits, long amount, string outcome = "completed", string kind = PaymentSettled.CashIn)
    {
        var id = "lp" + Guid.NewGuid().ToString("N");
        return PublishAsync(PaymentStreams.Namespace, oprid, PaymentStreams.PaymentSettled,
            new PaymentSettled(id, oprid, cpfDigits, amount, outcome, "E" + Guid.NewGuid().ToString("N"), Silo.Clock.GetUtcNow(), [], kind));
    }

    /// <summary>A player's request to register a payout key at the operator, as the player-funds grain publishes it (the key fingerprinted by the silo's own secret).</summary>
    public Task PublishPayoutKeyAsync(string oprid, string cpfDigits, string pixKey, bool holderIsPlayer) =>
        PublishAsync(PaymentStreams.Namespace, oprid, PaymentStreams.PayoutKeyChecked,
            new PayoutKeyChecked(oprid, cpfDigits, Silo.Services.GetRequiredService<GrainInterfaces.Common.PersonalGrainKeys>().PixKey(pixKey),
                Lottopar.Grains.Payments.PixKeys.Mask(pixKey), Lottopar.Grains.Payments.PixKeys.TypeOf(pixKey)!, holderIsPlayer, Silo.Clock.GetUtcNow()));

    public static async Task<JsonElement> ProposeAsync(HttpClient admin, string rule, object change, int status = 201) =>
        await Expect.JsonAsync(await admin.PostAsJsonAsync($"/admin/integrity/rules/{rule}/versions", change), status);
}

[CollectionDefinition(Name)]
public sealed class IntegrityCollection : ICollectionFixture<IntegrityFixture>
{
    public const string Name = "integrity";
}
