using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.BackOffice.Data;
using Lottopar.Silo.BackOffice.Security;
using Lottopar.Silo.Security;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Lottopar.Silo.Tests.BackOffice;

/// <summary>The home page in Chromium: today's activity per operator, live; an operator's staff see their own operator only.</summary>
[Collection(OfficeCollection.Name)]
public sealed class OfficeHomeTests(OfficeBrowserFixture fixture)
{
    private static readonly LocatorAssertionsToContainTextOptions Live = new() { Timeout = 30_000 };

    [Fact]
    public async Task ABettingEventAppearsOnTheAdminsHomePageWithoutAReload()
    {
        var (oprid, operatorClient) = await NewOperatorAsync();
        var page = await fixture.SignedInAsync([StaffRole.LottoparAdmin.WireName()], oprid: null);
        var row = page.GetByTestId("activity").Locator($"tr[data-oprid='{oprid}']");
        await Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("0");

        await BettingFixture.AcceptedAsync(await BettingFixture.PostAsync(operatorClient,
            BettingFixture.Example("single-new-bet", j => { j["tax_id"] = BettingFixture.NewCpf(); j.Remove("event_date"); j["bet_slip_id"] = $"slip-{Guid.NewGuid():N}"; })));

        // The stake of the document's example, R$ 50,00, in the row and (with this test's operator only so far) in today's totals too.
        await Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Expect(row.Locator("td").Nth(1)).ToContainTextAsync("R$ 50,00", Live);
        await Expect(row.Locator("td").Nth(3)).ToContainTextAsync("R$ 50,00", Live);
    }

    [Fact]
    public async Task AnOperatorsStaffSeeTheirOwnOperatorAndNoOther()
    {
        var (own, _) = await NewOperatorAsync();
        var (other, _) = await NewOperatorAsync();

        var page = await fixture.SignedInAsync([StaffRole.OperatorViewer.WireName()], own);

        await Expect(page.GetByTestId("activity").Locator($"tr[data-oprid='{own}']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("who")).ToContainTextAsync($"Operador {own}");
        Assert.DoesNotContain(other, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHomePagesDataServiceConfinesAnOperatorUserToItsOperator()
    {
        var (own, _) = await NewOperatorAsync();
        var (other, _) = await NewOperatorAsync();
        var overview = fixture.Silo.Services.GetRequiredService<HomeOverview>();
        var operatorUser = CallerClaims.ForStaff(new StaffPrincipal("viewer@operator.example", "Viewer", [StaffRole.OperatorViewer.WireName()], own), "session");
        var lottoparUser = CallerClaims.ForStaff(new StaffPrincipal("auditor@lottopar.example", "Auditor", [StaffRole.Auditor.WireName()], null), "session");

        var seenByOperator = await overview.ReadAsync(OfficeScope.Of(operatorUser), CancellationToken.None);
        var seenByLottopar = await overview.ReadAsync(OfficeScope.Of(lottoparUser), CancellationToken.None);

        Assert.Equal([own], seenByOperator.Operators.Select(o => o.Oprid));
        Assert.Contains(seenByLottopar.Operators, o => o.Oprid == other);
        Assert.Contains(seenByLottopar.Operators, o => o.Oprid == own);
    }

    private async Task<(string Oprid, HttpClient Client)> NewOperatorAsync()
    {
        var oprid = await PlatformHost.OnboardAsync(fixture.Admin);
        return (oprid, fixture.Silo.WithApiKey(await PlatformHost.IssueKeyAsync(fixture.Admin, oprid, "homologation", "betting-events")));
    }
}
