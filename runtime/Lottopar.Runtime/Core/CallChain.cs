namespace Lottopar.Runtime.Core;

/// <summary>
/// The grains waiting, one on the next, along the current asynchronous flow. It travels with the
/// execution context into every call a grain makes, so a call that would come back to a grain
/// already waiting further up (A -> B -> A) is refused at once instead of deadlocking.
/// </summary>
internal sealed class CallChain(GrainId grain, CallChain? caller)
{
    private static readonly AsyncLocal<CallChain?> CurrentChain = new();

    public static CallChain? Current
    {
        get => CurrentChain.Value;
        set => CurrentChain.Value = value;
    }

    public GrainId Grain { get; } = grain;

    public CallChain? Caller { get; } = caller;

    public bool Contains(GrainId id)
    {
        for (var link = this; link is not null; link = link.Caller)
        {
            if (link.Grain == id)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The chain from the outermost caller to the innermost, e.g. "a/1 -> b/2".</summary>
    public string Describe(Func<GrainId, string> describe)
    {
        var links = new List<string>();
        for (var link = this; link is not null; link = link.Caller)
        {
            links.Add(describe(link.Grain));
        }

        links.Reverse();
        return string.Join(" -> ", links);
    }
}
