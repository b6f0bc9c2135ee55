using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Runtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer lps_...</c> session tokens issued by /auth/login. The
/// token is looked up by its SHA-256 (the session grain's key), so it is stored nowhere.
/// </summary>
public sealed class StaffBearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder, IGrainFactory grains)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string TokenPrefix = "lps_";

    public static string NewToken() => TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string SessionKey(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer " + TokenPrefix, StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var principal = await grains.GetGrain<IStaffSessionGrain>(SessionKey(token)).ValidateAsync();
        return principal is null
            ? AuthenticateResult.Fail("The session is unknown, expired or ended.")
            : AuthenticateResult.Success(new AuthenticationTicket(CallerClaims.ForStaff(principal), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, 401, "not_signed_in", "Sign in with POST /auth/login and send the token as 'Authorization: Bearer <token>'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, 403, "forbidden", "Your role does not allow this.");
}
