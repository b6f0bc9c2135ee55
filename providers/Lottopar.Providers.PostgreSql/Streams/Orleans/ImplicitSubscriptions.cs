using System.Reflection;
using Orleans.Serialization.Internal;

namespace Lottopar.Providers.PostgreSql.Streams.Orleans;

/// <summary>
/// The stream namespaces some grain class subscribes to with <c>[ImplicitStreamSubscription]</c>:
/// the stream provider gets queues, and so pulling agents, for these only, and a silo without
/// consumers registers no provider at all (no agent polls the log for nobody).
/// </summary>
public static class ImplicitSubscriptions
{
    // The pattern of Orleans' (internal) exact-match predicate, the one [ImplicitStreamSubscription("ns")] makes.
    private const string NamedPrefix = "namespace:";

    /// <summary>
    /// The namespaces subscribed to by grain classes of <paramref name="assemblies"/>: each named one,
    /// and those of <paramref name="candidates"/> that a predicate subscription (all namespaces, a
    /// pattern) matches. In the order of the candidates, then as found.
    /// </summary>
    public static IReadOnlyList<string> NamespacesOf(IEnumerable<Assembly> assemblies, IReadOnlyList<string> candidates)
    {
        var predicates = assemblies.SelectMany(TypesOf)
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(global::Orleans.IGrain).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<global::Orleans.ImplicitStreamSubscriptionAttribute>(inherit: true))
            .Select(a => a.Predicate)
            .ToList();
        var named = predicates.Select(p => p.PredicatePattern)
            .Where(p => p.StartsWith(NamedPrefix, StringComparison.Ordinal))
            .Select(p => p[NamedPrefix.Length..]);
        var matched = candidates.Where(ns => predicates.Any(p => p.IsMatch(ns)));
        return [.. matched.Concat(named).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The namespaces subscribed to in the assemblies Orleans itself loads grains from (its application parts).</summary>
    public static IReadOnlyList<string> InApplicationParts(IReadOnlyList<string> candidates) =>
        NamespacesOf(ReferencedAssemblyProvider.GetRelevantAssemblies(), candidates);

    private static IEnumerable<Type> TypesOf(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }
}
