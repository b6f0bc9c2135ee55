using Lottopar.Grains.Vault;
using Xunit;

namespace Lottopar.Grains.Tests.Vault;

public sealed class VaultHourStatesTests
{
    private static readonly DateTimeOffset Hour = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(30);

    [Fact]
    public void AnHourWhoseEveryPartCameByTheEndPlusTheGraceIsReceived() =>
        Assert.Equal(VaultHourState.Received, VaultHourStates.Of(new("OPR-000001", Hour, 2, 2, Hour.AddMinutes(90), 0), reportedMissing: false, Grace));

    [Fact]
    public void AnHourCompletedAfterItsDeadlineIsLateEvenOnceTheVaultHadReportedItMissing() =>
        Assert.Equal(VaultHourState.Late, VaultHourStates.Of(new("OPR-000001", Hour, 1, 1, Hour.AddMinutes(91), 0), reportedMissing: true, Grace));

    [Fact]
    public void AnHourWithPartsStillMissingIsNotReceived() =>
        Assert.Equal(VaultHourState.Missing, VaultHourStates.Of(new("OPR-000001", Hour, 1, 2, Hour.AddMinutes(10), 0), reportedMissing: true, Grace));

    [Fact]
    public void AnIncompleteHourWithARefusedFileIsRejected() =>
        Assert.Equal(VaultHourState.Rejected, VaultHourStates.Of(new("OPR-000001", Hour, 0, 0, null, 1), reportedMissing: true, Grace));

    [Fact]
    public void AnHourWithNothingThatTheVaultDidNotReportIsAwaited() =>
        Assert.Equal(VaultHourState.Awaited, VaultHourStates.Of(null, reportedMissing: false, Grace));

    [Fact]
    public void AnHourWithNothingThatTheVaultReportedIsMissing() =>
        Assert.Equal(VaultHourState.Missing, VaultHourStates.Of(null, reportedMissing: true, Grace));
}
