using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Lottopar.GrainInterfaces.Staff;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Lottopar.Silo.Tests.BackOffice;

/// <summary>A back-office session ends as the API's does: at its expiry, or when signed out elsewhere, even on a page left open.</summary>
[Collection(OfficeCollection.Name)]
public sealed class OfficeSessionTests(OfficeBrowserFixture fixture)
{
    [Fact]
    public async Task AnOpenPageWhoseSessionIsEndedElsewhereGoesBackToTheSignIn()
    {
        var page = await fixture.SignedInAsync([StaffRole.Auditor.WireName()], oprid: null);
        var token = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "lottopar_painel").Value;

        // The cookie holds the session's token: signing out with it through the API ends that session.
        using var api = fixture.Silo.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await Infrastructure.Expect.StatusAsync(await api.PostAsync("/auth/logout", null), 204);

        await Expect(page).ToHaveURLAsync(new Regex("/painel/entrar\\?voltar=%2Fpainel$"));
    }

    [Fact]
    public async Task AnExpiredSessionOpensNoPage()
    {
        var page = await fixture.SignedInAsync([StaffRole.Auditor.WireName()], oprid: null);

        fixture.Silo.Clock.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));
        await page.ReloadAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/painel/entrar"));
        await fixture.RenewAdminAsync();
    }
}
