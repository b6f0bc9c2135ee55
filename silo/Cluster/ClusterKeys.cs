using Lottopar.GrainInterfaces.Common;

namespace Lottopar.Silo.Cluster;

/// <summary>
/// Route values that become Orleans grain keys. Orleans refuses a key that is empty or only
/// whitespace (an ArgumentException, which would be a 500 here), where the platform's first, home-made
/// runtime took any key and the grain answered "not found". Such a value names nothing: 404, as before, for every
/// route of a group, before its handler runs.
/// </summary>
public static class ClusterKeys
{
    /// <summary>Answers 404 for a request whose <paramref name="routeValue"/> is blank.</summary>
    public static RouteGroupBuilder RequireKey(this RouteGroupBuilder group, string routeValue, string what) =>
        group.AddEndpointFilter((context, next) =>
            context.HttpContext.GetRouteValue(routeValue) is string key && string.IsNullOrWhiteSpace(key)
                ? throw new DomainNotFoundException($"There is no {what} '{key}'.")
                : next(context));
}
