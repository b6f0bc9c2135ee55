using System.Globalization;
using System.Xml.Linq;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Lottopar.Grains.Tests.Vault;
using Xunit;
using static Lottopar.Grains.Tests.Integrity.Observations;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class AccountClosuresTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset From = Day.AddDays(-7);
    private static readonly DateTimeOffset To = Day.AddDays(7);
    private static readonly string Cpf = VaultFiles.Cpfs[0];

    [Fact]
    public void ARequestWithoutALaterClosedStaysOpenFromItsOwnInstant()
    {
        var open = Assert.Single(AccountClosures.Open([Status("U1", Day, "closure_requested"), Status("U2", Day.AddDays(1), "suspended")], [], From, To));

        Assert.Equal(("OPR-1", "U1", Day, 0L), (open.Oprid, open.Key, open.Since, open.Amount));
        Assert.Equal("jogador " + Lottopar.Grains.Validation.Cpf.Mask(Cpf), open.Detail);
    }

    [Fact]
    public void ALaterClosedMeetsItAndALaterActiveWithdrawsIt()
    {
        Assert.Empty(AccountClosures.Open([Status("U1", Day, "closure_requested"), Status("U2", Day.AddDays(2), "closed")], [], From, To));
        Assert.Empty(AccountClosures.Open([Status("U1", Day, "closure_requested"), Status("U2", Day.AddHours(5), "active")], [], From, To));
    }

    [Fact]
    public void ASecondRequestDoesNotRestartTheClockButARequestAfterAClosingIsNew()
    {
        var repeated = AccountClosures.Open([Status("U1", Day, "closure_requested"), Status("U2", Day.AddDays(2), "closure_requested")], [], From, To);
        Assert.Equal(["U1"], repeated.Select(o => o.Key));

        var reopened = AccountClosures.Open(
            [Status("U1", Day, "closure_requested"), Status("U2", Day.AddDays(1), "closed"), Status("U3", Day.AddDays(2), "active"), Status("U4", Day.AddDays(3), "closure_requested")], [], From, To);
        Assert.Equal(["U4"], reopened.Select(o => o.Key));
    }

    [Fact]
    public void EachOperatorAndPlayerIsJudgedApartAndOnlyRequestsInTheRangeCount()
    {
        var other = VaultFiles.Cpfs[1];
        var open = AccountClosures.Open(
            [
                Status("U1", Day, "closure_requested"),
                Status("U2", Day.AddDays(1), "closed", oprid: "OPR-2"), // another operator's closing does not meet OPR-1's request
                Status("U3", Day.AddHours(1), "closure_requested", cpf: other),
                Status("U4", To.AddHours(1), "closure_requested", cpf: VaultFiles.Cpfs[2]),
            ], [], From, To);

        Assert.Equal([("OPR-1", "U1"), ("OPR-1", "U3")], open.Select(o => (o.Oprid!, o.Key)));
    }

    [Fact]
    public void RecordsAreReadAsLastCorrectedAndAnAnnulledRequestIsNoRequest()
    {
        var corrected = AccountClosures.Open(
            [Status("U1", Day, "active")],
            [Stored(VaultFiles.Correction("C1", Day.AddDays(1), "U1", Update("U1", Day.AddHours(2), "closure_requested")))], From, To);
        var open = Assert.Single(corrected);
        Assert.Equal(("U1", Day.AddHours(2)), (open.Key, open.Since));

        Assert.Empty(AccountClosures.Open([Status("U1", Day, "closure_requested")], [Stored(VaultFiles.Annulment("A1", Day.AddDays(1), "U1"))], From, To));

        var emailOnly = new PlayerVaultRecord("OPR-1", Cpf, Stored(VaultFiles.Update("U2", Day.AddDays(1), Cpf)));
        Assert.Equal(["U1"], AccountClosures.Open([Status("U1", Day, "closure_requested"), emailOnly], [], From, To).Select(o => o.Key));
    }

    [Fact]
    public void TheRuleIsDueItsDaysAfterTheRequestAndNamesTheRecord()
    {
        var rule = new AccountNotClosedRule();
        var setting = Setting(rule, (AccountNotClosedRule.DeadlineDays, 3));
        var request = new OpenObligation("OPR-1", "U1", Day, 0, "jogador ***.982.247-**");

        Assert.Equal(Day.AddDays(3), rule.DueAt(Day, setting));
        var evidence = rule.Describe(request, rule.DueAt(Day, setting));
        Assert.Equal((AlertEvidence.VaultRecord, "U1"), (evidence.Kind, evidence.Id));
        Assert.Equal("Registro U1 (jogador ***.982.247-**): encerramento pedido em 20/11/2026 09:00 (Brasília), devido até 23/11/2026 09:00 (Brasília)", evidence.Detail);
        Assert.Equal("1 conta(s) não encerrada(s) 3 dia(s) depois do pedido", rule.Summarize([request], setting));
    }

    private static XElement Update(string id, DateTimeOffset at, string status, string? cpf = null) =>
        VaultFiles.E("registration_update", new XAttribute("id", id), new XAttribute("at", VaultFiles.Time(at)),
            VaultFiles.E("cpf", cpf ?? Cpf), VaultFiles.E("account_status", VaultFiles.E("status", status)));

    private static PlayerVaultRecord Status(string id, DateTimeOffset at, string status, string oprid = "OPR-1", string? cpf = null) =>
        new(oprid, cpf ?? Cpf, Stored(Update(id, at, status, cpf)));

    private static StoredVaultRecord Stored(XElement record) =>
        new((string)record.Attribute("id")!, record.Name.LocalName, DateTimeOffset.Parse((string)record.Attribute("at")!, CultureInfo.InvariantCulture), record.ToString());
}
