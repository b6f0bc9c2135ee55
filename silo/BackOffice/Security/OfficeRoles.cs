using System.Security.Claims;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.Security;

namespace Lottopar.Silo.BackOffice.Security;

/// <summary>Who is signed in, as the back office names it.</summary>
public static class OfficeRoles
{
    /// <summary>"Administrador LOTTOPAR", "Operador OPR-000001 (consulta)"...: the highest of the user's roles.</summary>
    public static string Describe(ClaimsPrincipal user) =>
        user.IsInRole(StaffRole.LottoparAdmin.WireName()) ? "Administrador LOTTOPAR"
        : user.IsInRole(StaffRole.IntegrityAnalyst.WireName()) ? "Analista de integridade LOTTOPAR"
        : user.IsInRole(StaffRole.Auditor.WireName()) ? "Auditor LOTTOPAR"
        : user.IsInRole(StaffRole.OperatorAdmin.WireName()) ? $"Operador {user.OpridOf()} (administrador)"
        : $"Operador {user.OpridOf()} (consulta)";
}
