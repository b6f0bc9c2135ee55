using Xunit;

namespace Lottopar.Silo.Tests.Lottery;

/// <summary>Base of webSale tests that move the clock: each test gets a silo (and a clock) of its own.</summary>
public abstract class OwnSiloTests : IAsyncLifetime
{
    protected WebSaleFixture Fixture { get; private set; } = null!;

    protected WebSaleClient Pos { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fixture = new WebSaleFixture();
        await Fixture.InitializeAsync();
        Pos = new WebSaleClient(Fixture.Silo.CreateClient());
    }

    public async Task DisposeAsync() => await Fixture.DisposeAsync();
}
