using Lottopar.Providers.Abstractions;

namespace Lottopar.GrainInterfaces.Common;

/// <summary>
/// A domain rule refused a request. Grains throw these before they change anything (so the
/// activation keeps serving); the front ends map them to HTTP problem details (or protocol codes)
/// in one place.
/// </summary>
/// They cross silos with their fields (Orleans' generic exception codec keeps only the message).
[Orleans.GenerateSerializer]
public abstract class DomainException(string message) : Exception(message), IGrainRefusal;

/// <summary>Input breaks rules: each failing field with its messages (HTTP 422).</summary>
[Orleans.GenerateSerializer]
public sealed class DomainValidationException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException($"Invalid: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}")
{
    [Orleans.Id(0)]
    public Dictionary<string, string[]> Errors { get; private set; } = new(errors);

    public static DomainValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>A value that must be unique is already taken, or the request conflicts with the current state (HTTP 409).</summary>
[Orleans.GenerateSerializer]
public sealed class DomainConflictException(string field, string message) : DomainException(message)
{
    [Orleans.Id(0)]
    public string Field { get; private set; } = field;
}

/// <summary>The thing asked for does not exist, or the caller may not know it exists (HTTP 404).</summary>
[Orleans.GenerateSerializer]
public sealed class DomainNotFoundException(string message) : DomainException(message);

/// <summary>
/// Collects validation failures so that one response names every failing field.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Adds the message when the condition fails; returns the condition.</summary>
    public bool Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }

        return condition;
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new DomainValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}

/// <summary>
/// A service the platform depends on (the tax registry, the PSP) did not answer in time or answered
/// with an error: nothing was decided, the caller may retry (HTTP 503 with Retry-After).
/// </summary>
[Orleans.GenerateSerializer]
public sealed class DependencyUnavailableException(string dependency, string message) : DomainException(message)
{
    /// <summary>Which service: "tax_registry", "psp".</summary>
    [Orleans.Id(0)]
    public string Dependency { get; private set; } = dependency;
}
