using Lottopar.GrainInterfaces.Common;
using System.Net;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.Apis;
using Lottopar.Silo.BackOffice.Security;
using Lottopar.Silo.Http;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Cluster;

/// <summary>
/// A browser's way into the dashboard: its page fetches its data without an Authorization header,
/// so a staff session made by the same sign-in as /auth/login (password and authenticator code)
/// travels in a cookie that only the dashboard's GET routes accept (HttpOnly, SameSite=Strict,
/// path /dashboard). The cookie holds the session token; signing out ends the session itself.
/// </summary>
public static class DashboardSignIn
{
    public const string CookieName = "lottopar_dashboard";

    public const string SignInPath = DashboardEndpoints.RoutePrefix + "/sign-in";

    public static IEndpointRouteBuilder MapDashboardSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath, () => Page(message: null, HttpStatusCode.OK)).ExcludeFromDescription();
        // The same per-address limit as /auth/login: the form is another door to the same sign-in.
        app.MapPost(SignInPath, SignInAsync).DisableAntiforgery().ExcludeFromDescription().RequireRateLimiting(AuthApi.PerAddressPolicy);
        app.MapPost(DashboardEndpoints.RoutePrefix + "/sign-out", SignOutAsync).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The session token a dashboard request carries in its cookie, or in the back office's (whose menu
    /// links here): only for reads under /dashboard.
    /// </summary>
    public static string? TokenOf(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments(DashboardEndpoints.RoutePrefix)
            ? (request.Cookies.TryGetValue(CookieName, out var token) && token.StartsWith(SessionTokens.Prefix, StringComparison.Ordinal)
                ? token
                : OfficeSession.CookieTokenOf(request))
            : null;

    /// <summary>A browser that asks for a dashboard page without a session goes to the sign-in form.</summary>
    public static bool ShouldRedirect(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Path.StartsWithSegments(DashboardEndpoints.RoutePrefix)
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static async Task<IResult> SignInAsync(
        HttpContext context, StaffAccounts accounts, Orleans.IGrainFactory cluster, SessionTokens tokens, RefusalLog refusals, ClientAddress addresses,
        TimeProvider clock, IOptions<SiloOptions> silo)
    {
        if (!context.Request.HasFormContentType)
        {
            return Page("Send the form.", HttpStatusCode.UnsupportedMediaType);
        }

        var form = await context.Request.ReadFormAsync();
        var request = new LoginRequest(form["email"], form["password"], form["code"]);
        var result = await AuthApi.Login(request, context, accounts, cluster, tokens, refusals, addresses, clock, silo);
        if (result.Result is not Ok<SessionResponse> { Value: { } session })
        {
            var problem = (ProblemHttpResult)result.Result;
            return Page(problem.ProblemDetails.Detail ?? "Sign-in refused.", (HttpStatusCode)problem.StatusCode);
        }

        context.Response.Cookies.Append(CookieName, session.Token, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = DashboardEndpoints.RoutePrefix,
            Expires = session.ExpiresAt,
        });
        return Results.Redirect(DashboardEndpoints.RoutePrefix + "/", permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, Orleans.IGrainFactory cluster, SessionTokens tokens)
    {
        if (context.Request.Cookies.TryGetValue(CookieName, out var token) && tokens.TryVerify(token, out var sessionKey))
        {
            await cluster.Keyed<IStaffSessionGrain>(sessionKey).EndAsync();
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = DashboardEndpoints.RoutePrefix });
        return Results.Redirect(SignInPath);
    }

    private static ContentHttpResult Page(string? message, HttpStatusCode status) => TypedResults.Content($"""
        <!doctype html>
        <html lang="pt-BR">
        <head><meta charset="utf-8"><title>LOTTOPAR: painel Orleans</title></head>
        <body>
        <h1>Painel Orleans (equipe LOTTOPAR)</h1>
        {(message is null ? "" : $"<p role=\"alert\">{WebUtility.HtmlEncode(message)}</p>")}
        <form method="post" action="{SignInPath}">
          <p><label>E-mail <input name="email" type="email" autocomplete="username" required></label></p>
          <p><label>Senha <input name="password" type="password" autocomplete="current-password" required></label></p>
          <p><label>Código do autenticador <input name="code" inputmode="numeric" autocomplete="one-time-code" required></label></p>
          <p><button type="submit">Entrar</button></p>
        </form>
        </body>
        </html>
        """, "text/html; charset=utf-8", statusCode: (int)status);
}
