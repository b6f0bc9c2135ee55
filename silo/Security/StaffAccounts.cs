using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Validation;

namespace Lottopar.Silo.Security;

/// <summary>
/// Finds a staff account's grain by e-mail: the e-mail normalised (lower case), then its keyed
/// hash (<see cref="PersonalGrainKeys.StaffAccount"/>), so that no e-mail becomes a grain id.
/// </summary>
public sealed class StaffAccounts(Orleans.IGrainFactory grains, PersonalGrainKeys keys)
{
    /// <summary>The e-mail as accounts hold it, or a 422 naming <c>email</c>.</summary>
    public static string Normalize(string? email) =>
        EmailAddress.TryNormalize(email, out var normalized) ? normalized : throw DomainValidationException.For("email", "Not a valid e-mail address.");

    public IStaffUserGrain Of(string? email) => grains.Keyed<IStaffUserGrain>(keys.StaffAccount(Normalize(email)));
}
