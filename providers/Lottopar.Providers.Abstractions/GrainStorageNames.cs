namespace Lottopar.Providers.Abstractions;

/// <summary>
/// The names a grain gives its state: <c>[PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)]</c>.
/// </summary>
public static class GrainStorageNames
{
    /// <summary>Our storage provider (group commit, outbox and unique keys on the platform's tables).</summary>
    public const string Storage = "lottopar";

    /// <summary>The state name of a grain with one state: its row is keyed by the grain type alone.</summary>
    public const string State = "state";
}
