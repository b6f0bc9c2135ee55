using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Xunit;
using static Lottopar.Grains.Tests.Integrity.Observations;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class PayoutKeyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);
    private static readonly string[] Cpfs = ["52998224725", "11144477735", "39053344705"];

    [Fact]
    public void AMarkIsKeptOncePerPlayerOperatorAndKeyAndARedeliveryChangesNothing()
    {
        var marks = new List<PayoutKeyMark>();

        Assert.True(PayoutKeyMarks.Fold(marks, Seen(0, "OPR-1", "K1", true, Now)));
        Assert.False(PayoutKeyMarks.Fold(marks, Seen(0, "OPR-1", "K1", true, Now)));
        Assert.True(PayoutKeyMarks.Fold(marks, Seen(0, "OPR-1", "K1", true, Now.AddHours(1))));
        Assert.True(PayoutKeyMarks.Fold(marks, Seen(0, "OPR-2", "K1", true, Now.AddHours(2))));

        Assert.Equal([("OPR-1", Now.AddHours(1)), ("OPR-2", Now.AddHours(2))], marks.Select(m => (m.Oprid, m.At)));
        Assert.Equal(Lottopar.Grains.Validation.Cpf.Mask(Cpfs[0]), marks[0].MaskedCpf);
        Assert.DoesNotContain(marks, m => m.MaskedCpf == Cpfs[0]);

        PayoutKeyMarks.Fold(marks, Seen(1, "OPR-1", "K2", true, Now.AddDays(400)));
        Assert.Equal(["K2"], marks.Select(m => m.KeyFingerprint)); // older than a year: dropped
    }

    [Fact]
    public void AKeyAskedForByASecondCpfWithinTheWindowIsSharedAndOneCpfAtTwoOperatorsIsNot()
    {
        var rule = new PixKeySharedRule();
        var setting = Setting(rule, (PixKeySharedRule.MaxCpfs, 1), (PixKeySharedRule.WindowDays, 90));
        var marks = new List<PayoutKeyMark>();

        Assert.Null(Judge(rule, setting, marks, Seen(0, "OPR-1", "K", true, Now)));
        Assert.Null(Judge(rule, setting, marks, Seen(0, "OPR-2", "K", true, Now.AddDays(1))));
        var hit = Judge(rule, setting, marks, Seen(1, "OPR-2", "K", false, Now.AddDays(2)));

        Assert.NotNull(hit);
        Assert.True(hit.AcrossOperators);
        Assert.Equal("Chave PIX k***@example.com pedida por 2 CPFs em 2 operador(es) em 90 dias", hit.Summary);
        Assert.Equal(3, hit.Evidence.Count);
        Assert.Equal(AlertEvidence.PayoutKey, hit.Evidence[2].Kind);
        Assert.EndsWith("recusada (a chave é de outro titular)", hit.Evidence[2].Detail, StringComparison.Ordinal);

        var old = new List<PayoutKeyMark>();
        Judge(rule, setting, old, Seen(0, "OPR-1", "K", true, Now));
        Assert.Null(Judge(rule, setting, old, Seen(1, "OPR-1", "K", true, Now.AddDays(91)))); // the first request left the window
    }

    [Fact]
    public void APlayerWithMoreKeysThanTheMaximumAcrossOperatorsIsFlaggedAndTheSameKeyTwiceCountsOnce()
    {
        var rule = new PlayerManyPixKeysRule();
        var setting = Setting(rule, (PlayerManyPixKeysRule.MaxKeys, 2), (PlayerManyPixKeysRule.WindowDays, 30));
        var marks = new List<PayoutKeyMark>();

        Assert.Null(Judge(rule, setting, marks, Seen(0, "OPR-1", "K1", true, Now)));
        Assert.Null(Judge(rule, setting, marks, Seen(0, "OPR-2", "K1", true, Now.AddDays(1))));
        Assert.Null(Judge(rule, setting, marks, Seen(0, "OPR-2", "K2", true, Now.AddDays(2))));
        var hit = Judge(rule, setting, marks, Seen(0, "OPR-3", "K3", true, Now.AddDays(3)));

        Assert.NotNull(hit);
        Assert.Equal("3 chaves PIX de saque pedidas em 3 operador(es) em 30 dias, acima do máximo de 2", hit.Summary);
        Assert.True(hit.AcrossOperators);
    }

    [Fact]
    public void ABacktestReplaysTheChecksAndRaisesAboutTheKeyOnlyInItsRange()
    {
        var rule = new PixKeySharedRule();
        var backtest = new Backtest(rule, rule.Shipped, Now, Now.AddDays(1));
        Assert.True(Backtest.CanRun(rule));
        Assert.True(Backtest.CanRun(new PlayerManyPixKeysRule()));

        backtest.Observe(Seen(0, "OPR-1", "K", true, Now.AddDays(-1)));
        backtest.Observe(Seen(1, "OPR-1", "K", false, Now.AddHours(1)));
        backtest.Observe(Seen(2, "OPR-1", "K", false, Now.AddDays(2)));

        var alert = Assert.Single(backtest.Alerts());
        Assert.Equal((SubjectKind.PixKey, "K", 1L), (alert.Kind, alert.Subject, alert.Findings));
        Assert.Equal(3, backtest.EventsRead);
    }

    private static RuleHit? Judge(PixKeyRule rule, RuleSetting setting, List<PayoutKeyMark> marks, PayoutKeyObservation seen)
    {
        PayoutKeyMarks.Fold(marks, seen);
        return rule.Evaluate(seen, marks, setting);
    }

    private static RuleHit? Judge(PlayerPayoutKeyRule rule, RuleSetting setting, List<PayoutKeyMark> marks, PayoutKeyObservation seen)
    {
        PayoutKeyMarks.Fold(marks, seen);
        return rule.Evaluate(seen, marks, setting);
    }

    private static PayoutKeyObservation Seen(int player, string oprid, string key, bool holder, DateTimeOffset at) =>
        new(oprid, Cpfs[player], "p" + player, key, "k***@example.com", holder, at);
}
