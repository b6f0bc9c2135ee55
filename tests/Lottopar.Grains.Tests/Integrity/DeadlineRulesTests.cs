using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Xunit;
using static Lottopar.Grains.Tests.Integrity.Observations;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class DeadlineRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ACheckReadsWhatCanBeOverdueAndAWeekBeforeIt()
    {
        var results = new ResultNotSentRule();
        var setting = Setting(results, (ResultNotSentRule.DeadlineHours, 24));

        Assert.Equal((Now.AddDays(-8), Now.AddDays(-1)), results.Window(Now, setting));
        Assert.Equal(Now.AddHours(1), results.DueAt(Now.AddHours(-23), setting));

        var suspicions = new SuspicionNotReportedRule();
        var five = Setting(suspicions, (SuspicionNotReportedRule.WorkingDaysAllowed, 5));
        Assert.Equal((Now.AddDays(-24), Now.AddDays(-5)), suspicions.Window(Now, five));
        Assert.Equal(SubjectKind.Case, suspicions.Subject);
    }

    [Fact]
    public void TheEvidenceSaysWhatIsOwedAndSinceWhen()
    {
        var prizes = new LotteryPrizeUnclaimedRule();
        var setting = Setting(prizes, (LotteryPrizeUnclaimedRule.ClaimDays, 90));
        var ticket = new OpenObligation("OPR-1", "T123", Now, 600_000, "terminal 6-28, 05 de 02/12/2026");

        var evidence = prizes.Describe(ticket, prizes.DueAt(ticket.Since, setting));

        Assert.Equal((AlertEvidence.LotteryTicket, "T123"), (evidence.Kind, evidence.Id));
        Assert.Equal("Bilhete T123 (terminal 6-28, 05 de 02/12/2026): prêmio de R$ 6.000,00 publicado em 03/12/2026 12:00 (Brasília), não reclamado até 03/03/2027 12:00 (Brasília)", evidence.Detail);
        Assert.Equal("2 prêmio(s) de loteria não reclamado(s) em 90 dias, R$ 12.000,00 no total", prizes.Summarize([ticket, ticket], setting));
    }
}
