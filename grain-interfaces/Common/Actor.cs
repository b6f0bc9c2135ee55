namespace Lottopar.GrainInterfaces.Common;

/// <summary>Who did something: a staff member, an operator's API key, or the platform itself.</summary>
public sealed record Actor(ActorKind Kind, string Id, string? Name = null)
{
    /// <summary>The platform acting on its own (a reminder, a rule).</summary>
    public static Actor System(string what) => new(ActorKind.System, what);

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}

public enum ActorKind
{
    Staff,
    ApiKey,
    System,
}
