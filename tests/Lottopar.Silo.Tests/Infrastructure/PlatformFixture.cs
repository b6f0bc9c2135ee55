using Lottopar.GrainInterfaces.Common;
using Xunit;

namespace Lottopar.Silo.Tests.Infrastructure;

/// <summary>
/// One silo and one signed-in admin shared by the tests of a class (xunit makes a new class
/// instance per test). Tests stay independent: each onboards operators and creates accounts of its own.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    public PlatformHost Silo { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    protected virtual DeploymentEnvironment Environment => DeploymentEnvironment.Homologation;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Silo = await PlatformHost.StartAsync(Environment, Settings);
        Admin = await Silo.AdminAsync();
    }

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}
