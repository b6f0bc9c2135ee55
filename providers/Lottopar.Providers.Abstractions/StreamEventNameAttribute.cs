using System.Collections.Concurrent;
using System.Reflection;

namespace Lottopar.Providers.Abstractions;

/// <summary>
/// The name an event type is published under in the stream log when it is produced through an
/// Orleans stream (<c>IAsyncStream&lt;T&gt;.OnNextAsync</c>) rather than a grain's outbox, and the
/// name a consumer of that type matches. Event names are contracts that consumers and domain
/// tables match on: a type without one is refused, never published under its CLR name.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class StreamEventNameAttribute(string name) : Attribute
{
    private static readonly ConcurrentDictionary<Type, string?> Names = new();

    public string Name { get; } = name;

    /// <summary>The event name of <paramref name="type"/>, or null when it has none.</summary>
    public static string? Of(Type type) =>
        Names.GetOrAdd(type, static t => t.GetCustomAttribute<StreamEventNameAttribute>(inherit: false)?.Name);
}
