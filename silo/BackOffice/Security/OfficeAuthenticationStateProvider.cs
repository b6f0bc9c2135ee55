using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.BackOffice.Security;

/// <summary>
/// An interactive page keeps the user it was opened with for as long as its circuit lives; this
/// re-checks the staff session every <see cref="OfficeOptions.SessionRecheckInterval"/>, so that a session ended
/// (signed out elsewhere, expired, the account suspended) closes the pages still open with it.
/// </summary>
public sealed class OfficeAuthenticationStateProvider(ILoggerFactory loggers, Orleans.IGrainFactory grains, IOptions<OfficeOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => options.Value.SessionRecheckInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.FindFirstValue(CallerClaims.SessionKey) is { } sessionKey
        && await grains.Keyed<IStaffSessionGrain>(sessionKey).ValidateAsync() is not null;
}
