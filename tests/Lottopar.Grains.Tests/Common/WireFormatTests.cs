using System.Text.Json;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Operators;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace Lottopar.Grains.Tests.Common;

/// <summary>
/// What grains on Orleans exchange crosses silos through Orleans' serializer, not by reference: the
/// records and the domain refusals come out of a round trip whole (a refusal's field and messages
/// make the caller's problem+json, so losing them would turn a 409 into a bare 500).
/// </summary>
public sealed class WireFormatTests
{
    private static readonly Serializer Wire = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Wire.Deserialize<T>(Wire.SerializeToArray(value))!;

    private static void AssertSame<T>(T expected, T actual) => Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

    [Fact]
    public void AValidationRefusalKeepsEveryFieldAndMessage()
    {
        var refusal = new DomainValidationException(new Dictionary<string, string[]> { ["cnpj"] = ["Invalid check digits."], ["license.number"] = ["Required.", "Too long."] });

        var copy = Assert.IsType<DomainValidationException>(RoundTrip<Exception>(refusal));

        Assert.Equal(refusal.Message, copy.Message);
        Assert.Equal(["cnpj", "license.number"], copy.Errors.Keys.Order());
        Assert.Equal(["Required.", "Too long."], copy.Errors["license.number"]);
    }

    [Fact]
    public void AConflictKeepsItsFieldAndANotFoundItsMessage()
    {
        var conflict = Assert.IsType<DomainConflictException>(RoundTrip<Exception>(new DomainConflictException("contact.email", "Taken by OPR-000002.")));
        var missing = Assert.IsType<DomainNotFoundException>(RoundTrip<Exception>(new DomainNotFoundException("No operator has OPRID OPR-000009.")));

        Assert.Equal(("contact.email", "Taken by OPR-000002."), (conflict.Field, conflict.Message));
        Assert.Equal("No operator has OPRID OPR-000009.", missing.Message);
    }

    [Fact]
    public void TheOperatorsRecordsComeBackWhole()
    {
        var at = new DateTimeOffset(2026, 11, 21, 15, 0, 0, TimeSpan.FromHours(-3));
        var view = new OperatorView(
            "OPR-000001", "Operadora Ltda", "12.345.678/0001-95",
            new License("LIC-1", "Aposta de quota fixa", ["esportes", "loterias"], new DateOnly(2026, 1, 1), new DateOnly(2030, 12, 31)),
            new ContactPerson("Contato", "contato@example.com.br", "(41) 3333-4444", "(41) 99999-0000",
                new PostalAddress("Rua A", "1", "sala 2", "Centro", "Curitiba", "PR", "80000-000")),
            OperatorStatus.Suspended,
            [new StatusChange(OperatorStatus.Pending, OperatorStatus.Active, "go-live", "staff:ana", at)],
            [new LicenseWarning(at, "License LIC-1 expires on 2030-12-31.")],
            at, "staff:ana");
        var provider = new LotteryProviderView("OPR-000001", "42", true, ["200.10.20.0/24"], [new PosTerminal("28", "Z000000001", true, true, at)]);
        var verdict = ApiKeyVerdict.Refuse("OPR-000001", "lp_hml_ab12", 429, "rate_limited", "Too fast.", TimeSpan.FromMilliseconds(250)) with { LogCode = "x" };
        var issued = new IssuedApiKey("secret", new ApiKeyView("k1", "lp_hml_k1", DeploymentEnvironment.Production, ["read"], ApiKeyStatus.Rotated, at, "staff:ana", at, at, "k2", null));

        AssertSame(view, RoundTrip(view));
        AssertSame(provider, RoundTrip(provider));
        AssertSame(verdict, RoundTrip(verdict));
        AssertSame(issued, RoundTrip(issued));
        AssertSame(OperatorAccess.Refused("license_expired", "Expired."), RoundTrip(OperatorAccess.Refused("license_expired", "Expired.")));
    }

    [Fact]
    public void ABettingEventComesBackWholeWithItsMeta()
    {
        using var meta = JsonDocument.Parse("""{"channel":"app","device":{"os":"android","v":14},"tags":["a","b"]}""");
        var at = new DateTimeOffset(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);
        var leg = new BetLeg("leg-1", 2.35m, "1", "Futebol", "ev", "A x B", null, null, "m", "1x2", "s", "A", at, null, LegState.Open, null, null);
        var bettingEvent = new BettingEvent("12345678909", BettingEventType.NewBet, 10_000, 9_000, at, true, "slip-1", BetSlipState.Open,
            1_000, 2.35m, 1, false, false, 0, false, [leg], meta.RootElement.Clone());
        var accepted = new BettingEventAccepted(Guid.CreateVersion7(at), at, "slip-1", BetSlipState.Open, ["balance_gap"], Replayed: true);

        var copy = RoundTrip(bettingEvent);

        AssertSame(bettingEvent, copy);
        Assert.Equal(meta.RootElement.GetRawText(), copy.Meta!.Value.GetRawText());
        AssertSame(accepted, RoundTrip(accepted));
        AssertSame(new SlipSubmission("OPR-000001", bettingEvent, 7, at, ["x"], new IdempotencyClaim("k", "h")),
            RoundTrip(new SlipSubmission("OPR-000001", bettingEvent, 7, at, ["x"], new IdempotencyClaim("k", "h"))));
    }
}
