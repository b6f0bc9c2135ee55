namespace Lottopar.Providers.Abstractions;

/// <summary>
/// A natural key a grain claims, unique across all grains within its scope (a CNPJ among all
/// operators, a provider code among all lottery providers). Claims are written in the same
/// transaction as the grain's state, and PostgreSQL's primary key on (scope, value) is the guard.
/// </summary>
public readonly record struct UniqueKey(string Scope, string Value);

/// <summary>One claimed key and the grain that already holds it.</summary>
public sealed record UniqueKeyConflict(string Scope, string Value, StoredGrainId? HeldBy);

/// <summary>
/// A state write claimed keys that other grains hold. Nothing was written (neither state, nor
/// events, nor any claim); the activation is dropped after the call so its unsaved changes go too.
/// </summary>
public sealed class UniqueKeyConflictException(IReadOnlyList<UniqueKeyConflict> conflicts)
    : Exception($"Already claimed by another grain: {string.Join(", ", conflicts.Select(c => c.Scope))}.")
{
    public IReadOnlyList<UniqueKeyConflict> Conflicts { get; } = conflicts;
}

/// <summary>Finds which grain holds a unique key (for example the operator of a lottery provider code).</summary>
public interface IUniqueKeyDirectory
{
    Task<StoredGrainId?> FindAsync(string scope, string value, CancellationToken cancellationToken = default);
}
