namespace Lottopar.Runtime.Tests.Grains;

public interface IRelayGrain : IGrainWithStringKey
{
    /// <summary>Calls along the route (each key in turn), then returns the keys visited.</summary>
    Task<string> ForwardAsync(string[] route);
}

/// <summary>Grains calling grains: a route a -> b -> c works; a route back to a waiting grain is a cycle.</summary>
public sealed class RelayGrain : Grain, IRelayGrain
{
    public async Task<string> ForwardAsync(string[] route)
    {
        if (route.Length == 0)
        {
            return GetPrimaryKeyString();
        }

        var next = GrainFactory.GetGrain<IRelayGrain>(route[0]);
        return $"{GetPrimaryKeyString()}>{await next.ForwardAsync(route[1..])}";
    }
}
