namespace Lottopar.GrainInterfaces.Common;

/// <summary>Who did something: a staff member, an operator's API key, or the platform itself.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record Actor(
    [property: Orleans.Id(0)] ActorKind Kind,
    [property: Orleans.Id(1)] string Id,
    [property: Orleans.Id(2)] string? Name = null)
{
    /// <summary>The platform acting on its own (a reminder, a rule).</summary>
    public static Actor System(string what) => new(ActorKind.System, what);

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}

[Orleans.GenerateSerializer]
public enum ActorKind
{
    Staff,
    ApiKey,
    System,
}
