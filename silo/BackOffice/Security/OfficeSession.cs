using Lottopar.Silo.Security;

namespace Lottopar.Silo.BackOffice.Security;

/// <summary>
/// The back office's session: the staff session of /auth/login (password and authenticator code),
/// its token in an HttpOnly, SameSite=Strict cookie that only the back office's own requests (its
/// pages under <see cref="RootPath"/> and the interactive circuit under <see cref="CircuitPath"/>) and
/// the dashboard's reads accept: the API never takes it, so no other site's form can act with it.
/// </summary>
public static class OfficeSession
{
    public const string CookieName = "lottopar_painel";

    public const string RootPath = "/painel";

    public const string SignInPath = RootPath + "/entrar";

    public const string SignOutPath = RootPath + "/sair";

    /// <summary>Where a signed-in user whose role does not open a page is sent.</summary>
    public const string AccessDeniedPath = RootPath + "/sem-acesso";

    /// <summary>Blazor's interactive circuit (its negotiation and its WebSocket).</summary>
    public const string CircuitPath = "/_blazor";

    /// <summary>Whether a request is the back office's own: a page or the circuit.</summary>
    public static bool IsOfficeRequest(HttpRequest request) =>
        request.Path.StartsWithSegments(RootPath) || request.Path.StartsWithSegments(CircuitPath);

    /// <summary>The session token in the back office's cookie, for the back office's own requests only.</summary>
    public static string? TokenOf(HttpRequest request) => IsOfficeRequest(request) ? CookieTokenOf(request) : null;

    /// <summary>The cookie's token wherever the request goes (the dashboard accepts it for its reads).</summary>
    public static string? CookieTokenOf(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieName, out var token) && token.StartsWith(SessionTokens.Prefix, StringComparison.Ordinal) ? token : null;

    /// <summary>A browser asking for a back-office page without a session goes to the sign-in page, and back afterwards.</summary>
    public static bool ShouldRedirect(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments(RootPath) && !request.Path.StartsWithSegments(SignInPath);

    public static string SignInUrl(string? returnPath) =>
        returnPath is { Length: > 0 } path && IsLocalOfficePath(path) && !path.StartsWith(SignInPath, StringComparison.Ordinal)
            ? $"{SignInPath}?voltar={Uri.EscapeDataString(path)}"
            : SignInPath;

    /// <summary>A path to return to after sign-in: one of the back office's own, never another site (open redirect).</summary>
    public static bool IsLocalOfficePath(string? path) =>
        path is { Length: > 0 } && path.StartsWith(RootPath, StringComparison.Ordinal) && !path.StartsWith("//", StringComparison.Ordinal)
        && !path.Contains('\\', StringComparison.Ordinal) && (path.Length == RootPath.Length || path[RootPath.Length] is '/' or '?');

    public static void Write(HttpContext context, string token, DateTimeOffset expiresAt) =>
        context.Response.Cookies.Append(CookieName, token, Options(context, expiresAt));

    public static void Delete(HttpContext context) => context.Response.Cookies.Delete(CookieName, Options(context, expiresAt: null));

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expiresAt) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expiresAt,
        IsEssential = true,
    };
}
