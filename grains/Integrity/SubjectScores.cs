using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity.Rules;

namespace Lottopar.Grains.Integrity;

/// <summary>One finding's weight in a subject's score: at an operator, or (no OPRID; a player's) across operators.</summary>
public sealed record ScoreMark(string RuleId, string EvidenceKey, string? Oprid, long Points, DateTimeOffset At);

/// <summary>What a subject's score asks for now.</summary>
public enum ScoreVerdict
{
    None,
    Review,
    Interdiction,
}

/// <summary>
/// A subject's score, pure (a player's at an operator, a terminal's): the weights of the findings
/// about it at the operator (and, for a player, across operators) in the policy's window, counted
/// from its last reset on (a lifted block, an interdiction). A finding is weighed once (by rule and
/// evidence), however often it is delivered.
/// </summary>
public static class SubjectScores
{
    public const int MaxMarks = 5_000;

    public static bool Add(List<ScoreMark> marks, ScoreMark mark)
    {
        if (marks.Any(m => m.RuleId == mark.RuleId && m.EvidenceKey == mark.EvidenceKey))
        {
            return false;
        }

        marks.Add(mark);
        marks.RemoveRange(0, Math.Max(0, marks.Count - MaxMarks));
        return true;
    }

    public static long ScoreAt(IEnumerable<ScoreMark> marks, string oprid, DateTimeOffset now, RuleSetting policy, DateTimeOffset? countFrom)
    {
        var from = now.AddDays(-policy[ScorePolicyRule.WindowDays]);
        if (countFrom > from)
        {
            from = countFrom.Value;
        }

        return marks.Where(m => (m.Oprid is null || m.Oprid == oprid) && m.At >= from).Sum(m => m.Points);
    }

    public static ScoreVerdict Judge(long score, RuleSetting policy, bool blocked) =>
        score >= policy[ScorePolicyRule.InterdictionThreshold] && !blocked ? ScoreVerdict.Interdiction
        : score >= policy[ScorePolicyRule.ReviewThreshold] ? ScoreVerdict.Review
        : ScoreVerdict.None;

    /// <summary>Forgets marks older than the longest window a policy may have.</summary>
    public static void Prune(List<ScoreMark> marks, DateTimeOffset now) => marks.RemoveAll(m => m.At < now.AddDays(-366));
}
