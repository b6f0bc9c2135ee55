using Lottopar.Silo.BackOffice.Security;
using Lottopar.Silo.Cluster;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Lottopar.Silo.Security;

/// <summary>
/// Staff session tokens: <c>lps_</c> and 32 random bytes protected (encrypted and authenticated)
/// with the silo's Data Protection keys. A token this silo did not issue fails verification here,
/// so a forged or mangled token costs no grain activation and no database read. The session grain
/// is keyed by the token's SHA-256; the token itself is stored nowhere.
/// </summary>
public sealed class SessionTokens(IDataProtectionProvider dataProtection)
{
    public const string Prefix = "lps_";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Lottopar.StaffSession.v1");

    /// <summary>A new token, and the key of the session grain it names.</summary>
    public (string Token, string SessionKey) Issue()
    {
        var token = Prefix + WebEncoders.Base64UrlEncode(_protector.Protect(RandomNumberGenerator.GetBytes(32)));
        return (token, SessionKey(token));
    }

    /// <summary>The session grain's key for a token this platform issued; false for anything else.</summary>
    public bool TryVerify(string token, out string sessionKey)
    {
        sessionKey = "";
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 512)
        {
            return false;
        }

        try
        {
            _protector.Unprotect(WebEncoders.Base64UrlDecode(token[Prefix.Length..]));
        }
        catch (Exception error) when (error is CryptographicException or FormatException)
        {
            return false;
        }

        sessionKey = SessionKey(token);
        return true;
    }

    /// <summary>
    /// The session token of a request, whatever it holds: its bearer token; for a read of the
    /// dashboard its cookie (<see cref="DashboardSignIn"/>); for the back office's own requests the
    /// back office's cookie (<see cref="OfficeSession"/>); null when it sends none of ours.
    /// </summary>
    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer " + Prefix, StringComparison.Ordinal)
            ? header["Bearer ".Length..].Trim()
            : DashboardSignIn.TokenOf(request) ?? OfficeSession.TokenOf(request);
    }

    private static string SessionKey(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
