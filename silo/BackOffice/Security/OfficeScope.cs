using System.Security.Claims;
using Lottopar.Silo.Security;

namespace Lottopar.Silo.BackOffice.Security;

/// <summary>
/// Which operators' data a back-office user may see, for every page, search, chart and export:
/// every operator for LOTTOPAR staff, only its own for an operator's staff. The pages' data services
/// take this, never an OPRID from the page, so no page can ask for another operator's data.
/// </summary>
public sealed record OfficeScope(IReadOnlyCollection<string>? Oprids)
{
    public bool IsEveryOperator => Oprids is null;

    public static OfficeScope Of(ClaimsPrincipal user) =>
        user.IsLottoparStaff() ? new OfficeScope((IReadOnlyCollection<string>?)null)
        : new OfficeScope(user.OpridOf() is { } oprid ? [oprid] : []);

    public bool Includes(string oprid) => Oprids is null || Oprids.Contains(oprid);
}
