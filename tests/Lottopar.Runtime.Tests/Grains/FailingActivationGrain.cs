namespace Lottopar.Runtime.Tests.Grains;

public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task<string> PingAsync();
}

/// <summary>Refuses to activate while its key starts with "broken".</summary>
public sealed class FailingActivationGrain : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        GetPrimaryKeyString().StartsWith("broken", StringComparison.Ordinal)
            ? throw new InvalidOperationException("cannot start")
            : Task.CompletedTask;

    public Task<string> PingAsync() => Task.FromResult("pong");
}
