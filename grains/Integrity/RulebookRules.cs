using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// The rulebook's rules, pure: version 1 of each rule is what it ships with; later versions are
/// proposed by one LOTTOPAR admin (one waiting at a time per rule, every parameter named and in its
/// bounds) and put in force by another. Versions are never changed after their decision, so an
/// alert's <c>id@version</c> always explains itself.
/// </summary>
public static class RulebookRules
{
    public const int MaxReasonLength = 1000;

    public static RuleVersionView ShippedVersion(IntegrityRule rule) =>
        new(1, RuleVersionStatus.Active, true, rule.DefaultSeverity, rule.Shipped.Parameters, "Versão entregue com a plataforma.", "system:platform", DateTimeOffset.UnixEpoch, "system:platform", DateTimeOffset.UnixEpoch);

    /// <summary>Every version of a rule, the shipped one first; the one in force is the last active.</summary>
    public static IReadOnlyList<RuleVersionView> VersionsOf(IntegrityRule rule, IReadOnlyList<RuleVersionView>? stored)
    {
        IReadOnlyList<RuleVersionView> later = stored ?? [];
        var anyActive = later.Any(v => v.Status == RuleVersionStatus.Active);
        var shipped = ShippedVersion(rule);
        return [anyActive ? shipped with { Status = RuleVersionStatus.Superseded } : shipped, .. later];
    }

    public static RuleVersionView InForce(IReadOnlyList<RuleVersionView> versions) => versions.Last(v => v.Status == RuleVersionStatus.Active);

    public static RuleVersionView Propose(IntegrityRule rule, IReadOnlyList<RuleVersionView> versions, RuleChange change, Actor actor, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.Require(!string.IsNullOrWhiteSpace(change.Reason) && change.Reason.Length <= MaxReasonLength, "reason", $"Why the change, 1 to {MaxReasonLength} characters.");
        var current = InForce(versions);
        var parameters = Merge(rule, current.Parameters, change.Parameters, errors);
        errors.ThrowIfAny();
        if (versions.Any(v => v.Status == RuleVersionStatus.Proposed))
        {
            throw new DomainConflictException("version", $"Rule {rule.Id} already has a proposal waiting for a decision: approve or reject it first.");
        }

        var proposed = new RuleVersionView(versions.Max(v => v.Version) + 1, RuleVersionStatus.Proposed, change.Enabled ?? current.Enabled,
            change.Severity ?? current.Severity, parameters, change.Reason.Trim(), actor.ToString(), now, null, null, change.Shadow);
        if (proposed.Enabled == current.Enabled && proposed.Severity == current.Severity && SameParameters(proposed.Parameters, current.Parameters))
        {
            throw DomainValidationException.For("parameters", $"The proposal changes nothing of version {current.Version}.");
        }

        return proposed;
    }

    /// <summary>
    /// <paramref name="current"/> with <paramref name="changes"/> applied, each change naming a
    /// declared parameter within its bounds (else an error for <c>parameters.name</c>).
    /// </summary>
    public static Dictionary<string, long> Merge(IntegrityRule rule, IReadOnlyDictionary<string, long> current, IReadOnlyDictionary<string, long>? changes, ValidationErrors errors)
    {
        var parameters = new Dictionary<string, long>(current);
        foreach (var (name, value) in changes ?? new Dictionary<string, long>())
        {
            if (rule.Parameters.FirstOrDefault(p => p.Name == name) is not { } definition)
            {
                errors.Add($"parameters.{name}", $"Rule {rule.Id} has no parameter '{name}'; it has: {string.Join(", ", rule.Parameters.Select(p => p.Name))}.");
            }
            else if (value < definition.Min || value > definition.Max)
            {
                errors.Add($"parameters.{name}", $"From {definition.Min} to {definition.Max} ({definition.Unit}).");
            }
            else
            {
                parameters[name] = value;
            }
        }

        return parameters;
    }

    /// <summary>The decided versions: approving puts the proposal in force and supersedes the one before; rejecting leaves it as it was.</summary>
    public static IReadOnlyList<RuleVersionView> Decide(IntegrityRule rule, IReadOnlyList<RuleVersionView> stored, int version, bool approve, string? reason, Actor actor, DateTimeOffset now)
    {
        var proposal = stored.FirstOrDefault(v => v.Version == version)
            ?? throw new DomainNotFoundException($"Rule {rule.Id} has no version {version}.");
        if (proposal.Status != RuleVersionStatus.Proposed)
        {
            throw new DomainConflictException("version", $"Version {version} of {rule.Id} is {proposal.Status.ToString().ToLowerInvariant()}, not waiting for a decision.");
        }

        if (approve && proposal.ProposedBy == actor.ToString())
        {
            throw new DomainConflictException("version", "A rule change is approved by a second LOTTOPAR admin, not by whoever proposed it.");
        }

        if (!approve && (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength))
        {
            throw DomainValidationException.For("reason", $"Why the proposal is turned down, 1 to {MaxReasonLength} characters.");
        }

        var decided = proposal with
        {
            Status = !approve ? RuleVersionStatus.Rejected : proposal.Shadow ? RuleVersionStatus.Shadow : RuleVersionStatus.Active,
            DecidedBy = actor.ToString(),
            DecidedAt = now,
            Reason = approve ? proposal.Reason : $"{proposal.Reason} | recusada: {reason!.Trim()}",
        };
        // An approved version replaces the one of its kind: the version in force, or the one in shadow.
        var replaced = !approve ? (RuleVersionStatus?)null : proposal.Shadow ? RuleVersionStatus.Shadow : RuleVersionStatus.Active;
        return [.. stored.Select(v => v.Version == version ? decided : v.Status == replaced ? v with { Status = RuleVersionStatus.Superseded } : v)];
    }

    /// <summary>The versions with a shadow run ended.</summary>
    public static IReadOnlyList<RuleVersionView> StopShadow(IntegrityRule rule, IReadOnlyList<RuleVersionView> stored, int version)
    {
        var shadow = stored.FirstOrDefault(v => v.Version == version) ?? throw new DomainNotFoundException($"Rule {rule.Id} has no version {version}.");
        if (shadow.Status != RuleVersionStatus.Shadow)
        {
            throw new DomainConflictException("version", $"Version {version} of {rule.Id} is not running in shadow.");
        }

        return [.. stored.Select(v => v.Version == version ? v with { Status = RuleVersionStatus.Superseded } : v)];
    }

    private static bool SameParameters(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
}
