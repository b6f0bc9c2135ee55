using Lottopar.GrainInterfaces.Common;
using Lottopar.Providers.Abstractions;

namespace Lottopar.Grains.Common;

/// <summary>Turns a refused unique-key claim into a 409 that names the request's field and the holder.</summary>
public static class UniqueKeyErrors
{
    public static DomainConflictException ToConflict(this UniqueKeyConflictException error, IReadOnlyDictionary<string, (string Field, string What)> fields)
    {
        var conflict = error.Conflicts[0];
        var (field, what) = fields.TryGetValue(conflict.Scope, out var named) ? named : (conflict.Scope, conflict.Scope);
        var holder = conflict.HeldBy is { } grain ? $" to {grain.Key}" : "";
        return new DomainConflictException(field, $"This {what} is already registered{holder}.");
    }
}
