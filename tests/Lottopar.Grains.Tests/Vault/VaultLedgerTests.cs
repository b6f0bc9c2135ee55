using System.Buffers.Binary;
using System.Security.Cryptography;
using Lottopar.Grains.Vault;
using Xunit;

namespace Lottopar.Grains.Tests.Vault;

public sealed class VaultLedgerTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);
    private static readonly DateTimeOffset Ten = new(2026, 12, 3, 10, 0, 0, TimeSpan.FromHours(-3));

    [Fact]
    public void ALinkIsTheHashOfThePreviousLinkTheFileHashAndTheSequence()
    {
        // Written out from the definition, independently of VaultChain.Next.
        var file = Hash("file");
        var input = new byte[72];
        Convert.FromHexString(file).CopyTo(input, 32);
        BinaryPrimitives.WriteInt64BigEndian(input.AsSpan(64), 7);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)), VaultChain.Next(VaultChain.Genesis, file, 7));
    }

    [Fact]
    public void AcceptedFilesFormAChainThatReceiptsAloneVerify()
    {
        var state = new VaultLedgerState();
        var links = Enumerable.Range(1, 5).Select(i => Accept(state, i, Ten.AddHours(i)).Link!).ToList();

        Assert.Null(VaultChain.FirstBrokenLink(links));
        Assert.Equal(links[^1].Value, state.ChainHead);
        Assert.Equal(1, VaultChain.FirstBrokenLink([links[0], links[2], links[3]]));
        Assert.Equal(2, VaultChain.FirstBrokenLink([links[0], links[1], links[2] with { FileSha256 = Hash("changed") }, links[3]]));
        Assert.Equal(0, VaultChain.FirstBrokenLink([links[1], links[0]]));
    }

    [Fact]
    public void ASequenceIsAcceptedOnce()
    {
        var state = new VaultLedgerState();
        Accept(state, 1, Ten);
        var head = state.ChainHead;

        var again = Accept(state, 1, Ten.AddHours(1));

        Assert.Equal("sequence_conflict", again.Refusal!.Code);
        Assert.Equal(head, state.ChainHead);
    }

    [Fact]
    public void AJumpLeavesTheSkippedSequencesMissingUntilTheyArrive()
    {
        var state = new VaultLedgerState();
        Accept(state, 1, Ten);

        var jump = Accept(state, 4, Ten.AddHours(3));
        Assert.Equal([new SequenceGap(2, 3)], jump.Events);
        Assert.Equal([2L, 3L], state.MissingSequences);

        Assert.Null(Accept(state, 3, Ten.AddHours(2)).Refusal);
        Assert.Equal([2L], state.MissingSequences);
        Assert.Equal(4, state.HighestSequence);
        Assert.Equal("sequence_too_far", Accept(state, 4 + VaultLedger.MaxSequenceJump + 1, Ten.AddHours(5)).Refusal!.Code);
    }

    [Fact]
    public void AFileAfterItsDeadlineIsLate()
    {
        var state = new VaultLedgerState();

        var onTime = Accept(state, 1, Ten, receivedAt: Ten.AddHours(1) + Grace);
        var late = Accept(state, 2, Ten.AddHours(1), receivedAt: Ten.AddHours(2) + Grace + TimeSpan.FromMinutes(3));

        Assert.Empty(onTime.Events);
        Assert.Equal([new LateFile(Ten.AddHours(1).ToUniversalTime(), TimeSpan.FromMinutes(3))], late.Events);
    }

    [Fact]
    public void AnHourWithoutAllItsPartsByItsDeadlineIsReportedMissingOnce()
    {
        var state = new VaultLedgerState();
        Accept(state, 1, Ten, part: 1, parts: 2);
        var afterDeadline = Ten.AddHours(1) + Grace + TimeSpan.FromSeconds(1);

        Assert.Empty(VaultLedger.Sweep(state, Ten, Ten.AddHours(1) + Grace, Grace));
        Assert.Equal([new MissingHour(Ten.ToUniversalTime())], VaultLedger.Sweep(state, Ten, afterDeadline, Grace));
        Assert.Empty(VaultLedger.Sweep(state, Ten, afterDeadline, Grace));

        // The second part arrives late: the hour completes and is forgotten.
        var late = Accept(state, 2, Ten, part: 2, parts: 2, receivedAt: afterDeadline);
        Assert.IsType<LateFile>(Assert.Single(late.Events));
        Assert.Empty(state.Hours);
    }

    [Fact]
    public void ASweepReportsEveryHourWithNoFileSinceMonitoringBegan()
    {
        var state = new VaultLedgerState();
        Accept(state, 1, Ten.AddHours(1));

        var missing = VaultLedger.Sweep(state, Ten, Ten.AddHours(4), Grace);

        // At 14:00: 10:00 had no file, 11:00 is complete, 12:00 missed its deadline (13:15), 13:00's is 14:15.
        Assert.Equal([Ten, Ten.AddHours(2)], missing.Select(m => m.Hour.ToOffset(Ten.Offset)));
        Assert.Equal(Ten.AddHours(3).ToUniversalTime(), state.CompleteBefore);
    }

    [Fact]
    public void ARepeatedPartOrAPartCountThatChangesIsRefused()
    {
        var state = new VaultLedgerState();
        Accept(state, 1, Ten, part: 1, parts: 3);

        Assert.Equal("part_repeated", Accept(state, 2, Ten, part: 1, parts: 3).Refusal!.Code);
        Assert.Equal("parts_mismatch", Accept(state, 2, Ten, part: 2, parts: 2).Refusal!.Code);
        Assert.Null(Accept(state, 2, Ten, part: 2, parts: 3).Refusal);
    }

    [Fact]
    public void AnHourCompletedAndForgottenCannotBeSentAgain()
    {
        var state = new VaultLedgerState();
        Accept(state, 1, Ten);
        VaultLedger.Sweep(state, Ten, Ten.AddHours(3), Grace);
        Assert.DoesNotContain(Ten.ToUniversalTime(), state.Hours.Keys);

        Assert.Equal("part_repeated", Accept(state, 9, Ten).Refusal!.Code);
    }

    [Fact]
    public void AStateKeepsFewEntriesWhateverTheNumberOfHours()
    {
        var state = new VaultLedgerState();
        for (var i = 0; i < 24 * 30; i++)
        {
            Accept(state, i + 1, Ten.AddHours(i));
            VaultLedger.Sweep(state, Ten, Ten.AddHours(i + 1), Grace);
        }

        Assert.True(state.Hours.Count <= 2, $"{state.Hours.Count} hours kept");
        Assert.Empty(state.MissingSequences);
    }

    private static LedgerDecision Accept(VaultLedgerState state, long sequence, DateTimeOffset hour, int part = 1, int parts = 1, DateTimeOffset? receivedAt = null) =>
        VaultLedger.Accept(state, new LedgerFile(Hash($"{sequence}/{hour:O}/{part}"), sequence, hour, part, parts, receivedAt ?? hour.AddHours(1).AddMinutes(1)), Grace);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
