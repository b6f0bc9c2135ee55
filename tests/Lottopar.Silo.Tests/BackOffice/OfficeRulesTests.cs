using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.BackOffice;
using Lottopar.Silo.BackOffice.Data;
using Lottopar.Silo.BackOffice.Security;
using Lottopar.Silo.Security;
using Xunit;

namespace Lottopar.Silo.Tests.BackOffice;

/// <summary>The back office's small rules: where a sign-in may send back to, who sees which operators, how money and dates are written, the form's dates.</summary>
public sealed class OfficeRulesTests
{
    [Theory]
    [InlineData("/painel", true)]
    [InlineData("/painel/operadores/OPR-000001", true)]
    [InlineData("/painel?x=1", true)]
    [InlineData("/painelx", false)]
    [InlineData("//evil.example/painel", false)]
    [InlineData("https://evil.example/painel", false)]
    [InlineData("/painel\\..\\evil", false)]
    [InlineData("/admin/operators", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ASignInSendsBackOnlyToTheBackOfficesOwnPaths(string? path, bool allowed) =>
        Assert.Equal(allowed, OfficeSession.IsLocalOfficePath(path));

    [Fact]
    public void TheSignInPageIsNeverItsOwnReturnPath() =>
        Assert.Equal("/painel/entrar", OfficeSession.SignInUrl("/painel/entrar?voltar=%2Fpainel"));

    [Fact]
    public void LottoparStaffSeeEveryOperatorAndAnOperatorsStaffTheirOwnOnly()
    {
        var auditor = CallerClaims.ForStaff(new StaffPrincipal("a@lottopar.example", "A", [StaffRole.Auditor.WireName()], null), "s");
        var viewer = CallerClaims.ForStaff(new StaffPrincipal("v@op.example", "V", [StaffRole.OperatorViewer.WireName()], "OPR-000007"), "s");
        var nobody = CallerClaims.ForStaff(new StaffPrincipal("n@op.example", "N", [StaffRole.OperatorViewer.WireName()], null), "s");

        Assert.True(OfficeScope.Of(auditor).Includes("OPR-000001"));
        Assert.True(OfficeScope.Of(viewer).Includes("OPR-000007"));
        Assert.False(OfficeScope.Of(viewer).Includes("OPR-000008"));
        Assert.False(OfficeScope.Of(nobody).Includes("OPR-000007"));
    }

    [Theory]
    [InlineData(123456L, "R$ 1.234,56")]
    [InlineData(5L, "R$ 0,05")]
    [InlineData(-100050L, "-R$ 1.000,50")]
    public void MoneyIsWrittenInReaisTheBrazilianWay(long centavos, string written) =>
        Assert.Equal(written, OfficeFormat.Money(centavos).Replace('\u00a0', ' '));

    [Fact]
    public void TimesAreWrittenInBrasilia() =>
        Assert.Equal("04/12/2026 09:30", OfficeFormat.DateTime(new DateTimeOffset(2026, 12, 4, 12, 30, 0, TimeSpan.Zero)));

    [Fact]
    public void TheOnboardingFormTakesBrazilianDatesAndRefusesOthersByField()
    {
        var form = new OnboardingForm { ValidFrom = "01/02/2026", ValidUntil = "31/02/2030", AuthorizedGames = " esportes , cassino ,," };

        var (registration, errors) = form.ToRegistration();

        Assert.Null(registration);
        Assert.Equal(["license.validUntil"], errors.Keys);

        form.ValidUntil = "28/02/2030";
        var (ok, none) = form.ToRegistration();
        Assert.Empty(none);
        Assert.Equal(new DateOnly(2026, 2, 1), ok!.License.ValidFrom);
        Assert.Equal(["esportes", "cassino"], ok.License.AuthorizedGames);
    }
}
