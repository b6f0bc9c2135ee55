using System.Text.Json;
using Lottopar.GrainInterfaces.Integrity;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace Lottopar.Grains.Tests.Common;

/// <summary>What the integrity grains pass each other comes out of Orleans' serializer whole, and an alert's key out of its text.</summary>
public sealed class IntegrityWireFormatTests
{
    private static readonly Serializer Wire = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Wire.Deserialize<T>(Wire.SerializeToArray(value))!;

    private static void AssertSame<T>(T expected, T actual) => Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

    [Fact]
    public void ARulebookSnapshotAndASignalComeBackWhole()
    {
        var at = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        var snapshot = new RulebookSnapshot(7, new Dictionary<string, RuleSetting>
        {
            ["bonus_bet"] = new("bonus_bet", 3, true, RuleSeverity.High, new Dictionary<string, long> { ["policy"] = 1, ["max_bonus_per_bet"] = 500 }),
        });
        var signal = new AlertSignal("bonus_bet", 3, RuleSeverity.High, new AlertSubject(SubjectKind.Player, "p0123", "OPR-000001"), "01234567890",
            "Aposta com bônus", [new AlertEvidence(AlertEvidence.BettingEvent, Guid.NewGuid().ToString(), at, "new_bet")], at);
        var bet = new BetObservation(Guid.NewGuid(), "OPR-000001", "01234567890", "new_bet", at, "slip", 5_000, 1_000, false, ["balance_discontinuity"]);

        AssertSame(snapshot, RoundTrip(snapshot));
        AssertSame(signal, RoundTrip(signal));
        AssertSame(bet, RoundTrip(bet));
        Assert.Equal(500, RoundTrip(snapshot).Of("bonus_bet")!["max_bonus_per_bet"]);
    }

    [Fact]
    public void AnAlertKeyIsParsedBackAndAPlayerAcrossOperatorsHasNoOprid()
    {
        var atOperator = AlertKey.Of("bonus_bet", new AlertSubject(SubjectKind.Player, "p0a1b", "OPR-000042"));
        var across = AlertKey.Of("player_stake_limit", new AlertSubject(SubjectKind.Player, "p0a1b", null));

        Assert.Equal("bonus_bet/player/p0a1b/OPR-000042", atOperator.ToString());
        Assert.Equal(atOperator, AlertKey.Parse(atOperator.ToString()));
        Assert.Equal(across, AlertKey.Parse("player_stake_limit/player/p0a1b/-"));
        Assert.Throws<ArgumentException>(() => AlertKey.Parse("bonus_bet/nobody/p0a1b/-"));
        Assert.Throws<ArgumentException>(() => AlertKey.Parse("bonus_bet/player/p0a1b"));
    }
}
