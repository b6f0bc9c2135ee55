using Lottopar.GrainInterfaces.Staff;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Lottopar.Silo.Tests.BackOffice;

/// <summary>Signing in and out of the back office in Chromium: password and a real authenticator code, the same accounts as the API.</summary>
[Collection(OfficeCollection.Name)]
public sealed class OfficeSignInTests(OfficeBrowserFixture fixture)
{
    [Fact]
    public async Task AnAdminSignsInWithPasswordAndAuthenticatorCodeAndSignsOut()
    {
        var staff = await fixture.Silo.CreateStaffAsync([StaffRole.LottoparAdmin.WireName()], oprid: null);
        var page = await fixture.NewPageAsync();

        // A page asked for without a session leads to the sign-in, and back to it afterwards.
        await page.GotoAsync("/painel");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/painel/entrar\\?voltar=%2Fpainel$"));
        await fixture.SignInAsync(page, staff);
        await page.WaitForURLAsync("**/painel");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Início", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("who")).ToContainTextAsync("Administrador LOTTOPAR");

        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "lottopar_painel");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sair" }).ClickAsync();
        await page.WaitForURLAsync("**/painel/entrar");

        // The session itself ended: the old cookie opens nothing.
        await page.Context.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path }]);
        await page.GotoAsync("/painel");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/painel/entrar"));
    }

    [Fact]
    public async Task AWrongCodeIsRefusedWithoutSayingWhichPartWasWrong()
    {
        var staff = await fixture.Silo.CreateStaffAsync([StaffRole.Auditor.WireName()], oprid: null);
        var page = await fixture.NewPageAsync();

        await fixture.SignInAsync(page, staff, code: "000000");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("E-mail, senha ou código do autenticador incorretos.");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "lottopar_painel");
    }

    [Fact]
    public async Task TheSignInPageSendsBackOnlyToTheBackOfficesOwnPages()
    {
        var staff = await fixture.Silo.CreateStaffAsync([StaffRole.Auditor.WireName()], oprid: null);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/painel/entrar?voltar=https%3A%2F%2Fevil.example%2F");
        await page.GetByLabel("E-mail").FillAsync(staff.Email);
        await page.GetByLabel("Senha").FillAsync(staff.Password);
        await page.GetByLabel("Código do autenticador").FillAsync(fixture.Silo.TotpNow(staff.TotpSecret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();

        await page.WaitForURLAsync($"{fixture.BaseAddress}/painel");
    }

    [Fact]
    public async Task AnApiKeyOpensNoBackOfficePage()
    {
        var oprid = await Infrastructure.PlatformHost.OnboardAsync(fixture.Admin);
        var key = await Infrastructure.PlatformHost.IssueKeyAsync(fixture.Admin, oprid);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.BaseAddress) };
        client.DefaultRequestHeaders.Add("x-api-key", key);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        using var response = await client.GetAsync("/painel");

        // The key is valid for the API; the back office does not take it and asks for a staff sign-in.
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/painel/entrar", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
