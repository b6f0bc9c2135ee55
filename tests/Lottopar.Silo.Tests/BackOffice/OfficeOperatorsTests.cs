using System.Globalization;
using System.Net;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Lottopar.Silo.Tests.BackOffice;

/// <summary>The operators' pages in Chromium: onboarding through the form, a key issued (shown once) and revoked; operators' staff see their own operator only.</summary>
[Collection(OfficeCollection.Name)]
public sealed class OfficeOperatorsTests(OfficeBrowserFixture fixture)
{
    [Fact]
    public async Task AnAdminOnboardsAnOperatorThroughTheFormIssuesAKeyThatWorksAndRevokesIt()
    {
        var page = await fixture.SignedInAsync([StaffRole.LottoparAdmin.WireName()], oprid: null);
        var registration = Registrations.New();

        await page.GetByRole(AriaRole.Link, new() { Name = "Operadores" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Cadastrar operador" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cadastrar operador", Level = 1 })).ToBeVisibleAsync();
        await FillAsync(page, registration);
        await page.GetByRole(AriaRole.Button, new() { Name = "Salvar e emitir OPRID" }).ClickAsync();

        await Expect(page.GetByTestId("status")).ToContainTextAsync("pendente");
        var oprid = new Uri(page.Url).Segments[^1];
        Assert.Matches("^OPR-[0-9]{6}$", oprid);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{oprid} · {registration.LegalName}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Emitir chave" }).ClickAsync();
        var key = (await page.GetByTestId("new-key").TextContentAsync())!.Trim();
        using var withKey = fixture.Silo.WithApiKey(key);
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync($"/api/operators/{oprid}")).StatusCode);

        // Shown once: after a reload the page holds no secret.
        await page.ReloadAsync();
        await OfficeBrowserFixture.InteractiveAsync(page);
        await Expect(page.GetByTestId("new-key")).ToHaveCountAsync(0);
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Revogar ") }).ClickAsync();
        await Expect(page.GetByTestId("api-keys")).ToContainTextAsync("revogada");
        Assert.Equal(HttpStatusCode.Unauthorized, (await withKey.GetAsync($"/api/operators/{oprid}")).StatusCode);
    }

    [Fact]
    public async Task TheFormSaysInPortugueseWhichFieldIsWrongOrTakenAndRegistersNothing()
    {
        var taken = Registrations.New();
        await PlatformHost.OnboardAsync(fixture.Admin, taken);
        var page = await fixture.SignedInAsync([StaffRole.LottoparAdmin.WireName()], oprid: null);
        await page.GotoAsync("/painel/operadores/novo");
        await OfficeBrowserFixture.InteractiveAsync(page);
        var registration = Registrations.New();
        await FillAsync(page, registration with { Cnpj = "11.222.333/0001-00" });

        await page.GetByRole(AriaRole.Button, new() { Name = "Salvar e emitir OPRID" }).ClickAsync();
        await Expect(page.GetByText("CNPJ inválido: confira os dígitos verificadores.")).ToBeVisibleAsync();

        // A CNPJ another operator holds is said as soon as the field is left.
        await page.GetByLabel("CNPJ").FillAsync(taken.Cnpj);
        await page.GetByLabel("Número da licença").FocusAsync();
        await Expect(page.GetByText("Já existe um operador com este CNPJ.")).ToBeVisibleAsync();
        Assert.EndsWith("/painel/operadores/novo", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOperatorsStaffSeeTheirOperatorsPageAndNoOtherNorTheList()
    {
        var own = await PlatformHost.OnboardAsync(fixture.Admin);
        var otherRegistration = Registrations.New();
        var other = await PlatformHost.OnboardAsync(fixture.Admin, otherRegistration);
        var page = await fixture.SignedInAsync([StaffRole.OperatorAdmin.WireName()], own);

        await page.GetByRole(AriaRole.Link, new() { Name = "Meu operador" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(own);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Emitir chave" })).ToHaveCountAsync(0);

        await page.GotoAsync($"/painel/operadores/{other}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Operador não encontrado");
        Assert.DoesNotContain(otherRegistration.LegalName, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GotoAsync("/painel/operadores");
        await Expect(page.GetByText("Seu perfil não dá acesso a esta página.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("operators")).ToHaveCountAsync(0);
    }

    private static async Task FillAsync(IPage page, OperatorRegistration r)
    {
        await page.GetByLabel("Razão social").FillAsync(r.LegalName);
        await page.GetByLabel("CNPJ").FillAsync(r.Cnpj);
        await page.GetByLabel("Número da licença").FillAsync(r.License.Number);
        await page.GetByLabel("Tipo da licença").FillAsync(r.License.Type);
        await page.GetByLabel("Jogos autorizados").FillAsync(string.Join(", ", r.License.AuthorizedGames));
        await page.GetByLabel("Válida de").FillAsync(r.License.ValidFrom.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        await page.GetByLabel("Válida até").FillAsync(r.License.ValidUntil.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        await page.GetByLabel("Nome completo").FillAsync(r.Contact.FullName);
        await page.GetByLabel("E-mail do contato").FillAsync(r.Contact.Email);
        await page.GetByLabel("Telefone fixo").FillAsync(r.Contact.Landline);
        await page.GetByLabel("Celular").FillAsync(r.Contact.Mobile);
        await page.GetByLabel("Logradouro").FillAsync(r.Contact.Address.Street);
        await page.GetByLabel("Número", new() { Exact = true }).FillAsync(r.Contact.Address.Number);
        await page.GetByLabel("Bairro").FillAsync(r.Contact.Address.District);
        await page.GetByLabel("Cidade").FillAsync(r.Contact.Address.City);
        await page.GetByLabel("UF").FillAsync(r.Contact.Address.State);
        await page.GetByLabel("CEP").FillAsync(r.Contact.Address.PostalCode);
    }
}
