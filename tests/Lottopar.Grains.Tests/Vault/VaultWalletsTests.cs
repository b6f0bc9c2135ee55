using Lottopar.Grains.Vault;
using Xunit;

namespace Lottopar.Grains.Tests.Vault;

public sealed class VaultWalletsTests
{
    private static VaultRecord Wallet(string? closing = null)
    {
        var element = VaultFiles.DailyWallet("W1", VaultFiles.Hour.AddMinutes(59), VaultFiles.Cpfs[0]);
        if (closing is not null)
        {
            element.Elements().Single(e => e.Name.LocalName == "closing_balance").Value = closing;
        }

        return new VaultRecord(1, VaultRecordType.DailyWallet, "W1", VaultFiles.Hour.AddMinutes(59), VaultFiles.Cpfs[0], 0, element, null);
    }

    [Fact]
    public void AWalletWhoseMovementsGiveItsClosingBalanceIsNoMismatch() =>
        Assert.Null(VaultWallets.Check(Wallet())); // 0 + 10,000 − 5,000 − 2,500 + 7,000 + 1,000 = 10,500

    [Fact]
    public void AWalletThatDoesNotAddUpNamesTheDeclaredAndTheComputedClosing() =>
        Assert.Equal(new WalletMismatch("W1", VaultFiles.Cpfs[0], "2026-12-03", 10_499, 10_500), VaultWallets.Check(Wallet("10499")));

    [Fact]
    public void OtherRecordsAreNotWallets()
    {
        var bet = VaultFiles.Bet("B1", VaultFiles.Hour, VaultFiles.Cpfs[0]);
        Assert.Null(VaultWallets.Check(new VaultRecord(1, VaultRecordType.Bet, "B1", VaultFiles.Hour, VaultFiles.Cpfs[0], 2_500, bet, null)));
    }
}
