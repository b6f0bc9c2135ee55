using System.Globalization;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;
using Xunit;
using static Lottopar.Grains.Tests.Integrity.Observations;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class AlertRulesTests
{
    private static readonly AlertSubject Player = new(SubjectKind.Player, "player-key", "OPR001");
    private static readonly AlertNote Note = new("staff:ana", Now, "Conta suspensa.");

    private static AlertSignal Signal(DateTimeOffset at, params string[] eventIds) =>
        new("bonus_bet", 1, RuleSeverity.Medium, Player, Cpf, "Aposta com bônus", [.. eventIds.Select(id => new AlertEvidence(AlertEvidence.BettingEvent, id, at, "new_bet " + id))], at);

    private static IntegrityAlertState Opened(params string[] eventIds)
    {
        var state = new IntegrityAlertState();
        AlertRules.Raise(state, Signal(Now, eventIds), Guid.NewGuid);
        return state;
    }

    [Fact]
    public void TheFirstSignalOpensAnAlertCountingOne()
    {
        var state = new IntegrityAlertState();
        var id = Guid.NewGuid();

        Assert.True(AlertRules.Raise(state, Signal(Now, "e1"), () => id));

        Assert.Equal((id, AlertStatus.Open, 1L), (state.AlertId, state.Status, state.Count));
        Assert.Equal((Now, Now, Player, Cpf), (state.FirstAt, state.LastAt, state.Subject, state.Cpf));
        Assert.Equal(["e1"], state.Evidence.Select(e => e.Id));
    }

    [Fact]
    public void TheSameEvidenceAgainChangesNothing()
    {
        var state = Opened("e1", "e2");
        var id = state.AlertId;

        Assert.False(AlertRules.Raise(state, Signal(Now.AddMinutes(5), "e2", "e1"), Guid.NewGuid));

        Assert.Equal((id, 1L, Now), (state.AlertId, state.Count, state.LastAt));
        Assert.Equal(2, state.Evidence.Count);
    }

    [Fact]
    public void NewEvidenceCountsIntoTheOpenAlertAndOnlyTheNewPiecesAreAdded()
    {
        var state = Opened("e1");
        var id = state.AlertId;

        Assert.True(AlertRules.Raise(state, Signal(Now.AddMinutes(5), "e1", "e2"), Guid.NewGuid));

        Assert.Equal((id, AlertStatus.Open, 2L), (state.AlertId, state.Status, state.Count));
        Assert.Equal((Now, Now.AddMinutes(5)), (state.FirstAt, state.LastAt));
        Assert.Equal(["e1", "e2"], state.Evidence.Select(e => e.Id));
    }

    [Fact]
    public void AnAcknowledgedAlertKeepsCountingAndStaysAcknowledged()
    {
        var state = Opened("e1");
        AlertRules.Acknowledge(state, state.AlertId!.Value, Note);

        Assert.True(AlertRules.Raise(state, Signal(Now.AddMinutes(5), "e2"), Guid.NewGuid));

        Assert.Equal((AlertStatus.Acknowledged, 2L, Note), (state.Status, state.Count, state.Acknowledgement));
    }

    [Fact]
    public void AfterAClosureOldEvidenceDoesNothingAndNewEvidenceOpensANewAlert()
    {
        var state = Opened("e1", "e2");
        var closed = state.AlertId!.Value;
        AlertRules.Acknowledge(state, closed, Note);
        AlertRules.Close(state, closed, Note);

        Assert.False(AlertRules.Raise(state, Signal(Now.AddHours(1), "e1"), Guid.NewGuid));
        Assert.Equal((closed, AlertStatus.Closed), (state.AlertId, state.Status));

        Assert.True(AlertRules.Raise(state, Signal(Now.AddHours(2), "e2", "e3"), Guid.NewGuid));

        Assert.NotEqual(closed, state.AlertId);
        Assert.Equal((AlertStatus.Open, 1L, Now.AddHours(2)), (state.Status, state.Count, state.FirstAt));
        Assert.Equal(["e3"], state.Evidence.Select(e => e.Id));
        Assert.Null(state.Acknowledgement);
        Assert.Null(state.Closure);
    }

    [Fact]
    public void AClosedAlertCannotBeAcknowledgedOrClosedAgain()
    {
        var state = Opened("e1");
        var id = state.AlertId!.Value;
        AlertRules.Close(state, id, Note);

        Assert.Equal("status", Assert.Throws<DomainConflictException>(() => AlertRules.Acknowledge(state, id, Note)).Field);
        Assert.Throws<DomainConflictException>(() => AlertRules.Close(state, id, Note));
        Assert.Equal((AlertStatus.Closed, Note), (state.Status, state.Closure));
    }

    [Fact]
    public void AnotherAlertsIdIsNotFound()
    {
        var state = Opened("e1");

        Assert.Throws<DomainNotFoundException>(() => AlertRules.Acknowledge(state, Guid.NewGuid(), Note));
        Assert.Throws<DomainNotFoundException>(() => AlertRules.Close(state, Guid.NewGuid(), Note));
        Assert.Throws<DomainNotFoundException>(() => AlertRules.Acknowledge(new IntegrityAlertState(), Guid.NewGuid(), Note));
        Assert.Equal(AlertStatus.Open, state.Status);
    }

    [Fact]
    public void TheEvidenceKeptIsCappedToTheLatest()
    {
        var state = new IntegrityAlertState();

        for (var i = 0; i < AlertRules.MaxEvidence + 10; i++)
        {
            Assert.True(AlertRules.Raise(state, Signal(Now.AddMinutes(i), "e" + i.ToString(CultureInfo.InvariantCulture)), Guid.NewGuid));
        }

        Assert.Equal(AlertRules.MaxEvidence + 10, state.Count);
        Assert.Equal(AlertRules.MaxEvidence, state.Evidence.Count);
        Assert.Equal(("e10", "e59"), (state.Evidence[0].Id, state.Evidence[^1].Id));
        Assert.False(AlertRules.Raise(state, Signal(Now, "e0"), Guid.NewGuid));
    }

    [Fact]
    public void OneSignalWithMoreEvidenceThanTheCapKeepsItsLatest()
    {
        var ids = Enumerable.Range(0, AlertRules.MaxEvidence + 5).Select(i => "e" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

        var state = Opened(ids);

        Assert.Equal(1, state.Count);
        Assert.Equal(AlertRules.MaxEvidence, state.Evidence.Count);
        Assert.Equal("e5", state.Evidence[0].Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ANoteNeedsText(string? text) =>
        Assert.Contains("action", Assert.Throws<DomainValidationException>(() => AlertRules.ValidNote(text, "action")).Errors.Keys);

    [Fact]
    public void ANoteIsTrimmedAndAtMostItsMaximumLength()
    {
        Assert.Equal("Conta suspensa.", AlertRules.ValidNote("  Conta suspensa. ", "action"));
        Assert.Equal(AlertRules.MaxNoteLength, AlertRules.ValidNote(new string('a', AlertRules.MaxNoteLength), "action").Length);
        Assert.Throws<DomainValidationException>(() => AlertRules.ValidNote(new string('a', AlertRules.MaxNoteLength + 1), "action"));
    }
}
