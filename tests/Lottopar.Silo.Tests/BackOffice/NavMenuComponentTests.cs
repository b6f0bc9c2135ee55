using Bunit;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.BackOffice.Layout;
using Lottopar.Silo.Security;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Xunit;

namespace Lottopar.Silo.Tests.BackOffice;

/// <summary>The menu as each role sees it (bUnit): only the pages the role opens are listed.</summary>
public sealed class NavMenuComponentTests : BunitContext
{
    public NavMenuComponentTests()
    {
        Services.AddLocalization();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void AnAdminSeesTheOperatorsAndTheCluster()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@lottopar.example");
        auth.SetRoles(StaffRole.LottoparAdmin.WireName());
        auth.SetPolicies(Policies.LottoparStaff, Policies.LottoparAdmin, Policies.AnyStaff);

        var menu = Render<NavMenu>();

        Assert.Equal(["Início", "Operadores", "Cluster (Orleans)"], Links(menu));
    }

    [Fact]
    public void AnOperatorsViewerSeesOnlyTheirOwnOperator()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("viewer@op.example");
        auth.SetRoles(StaffRole.OperatorViewer.WireName());
        auth.SetClaims(new System.Security.Claims.Claim(CallerClaims.Oprid, "OPR-000042"));
        auth.SetPolicies(Policies.OperatorStaff, Policies.AnyStaff);

        var menu = Render<NavMenu>();

        Assert.Equal(["Início", "Meu operador"], Links(menu));
        Assert.Equal("/painel/operadores/OPR-000042", menu.FindAll("a").Single(a => a.TextContent.Trim() == "Meu operador").GetAttribute("href"));
    }

    private static List<string> Links(IRenderedComponent<NavMenu> menu) => [.. menu.FindAll("a").Select(a => a.TextContent.Trim())];
}
