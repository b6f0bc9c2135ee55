using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.BackOffice;
using Lottopar.Silo.BackOffice.Security;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor.Services;

namespace Lottopar.Silo.Extensions;

/// <summary>The back office (Blazor, interactive server rendering) hosted by the silo under /painel.</summary>
public static class BackOfficeExtensions
{
    public static IServiceCollection AddLottoparBackOffice(this IServiceCollection services)
    {
        services.AddOptions<OfficeOptions>().BindConfiguration(OfficeOptions.SectionName);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, OfficeAuthenticationStateProvider>();
        services.AddMudServices();
        services.AddLocalization();
        services.AddScoped<OfficeSignIn>();
        services.AddSingleton<OfficeAccountFlows>();
        services.AddSingleton<Lottopar.Silo.BackOffice.Data.OperatorOffice>();
        services.AddSingleton<Lottopar.Silo.BackOffice.Data.HomeOverview>();
        return services;
    }

    public static WebApplication MapLottoparBackOffice(this WebApplication app)
    {
        // A browser opening the silo's address gets the back office; API clients keep GET / (JSON).
        app.Use((context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/"
                && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Redirect(OfficeSession.RootPath);
                return Task.CompletedTask;
            }

            return next(context);
        });
        // Static files as middleware (MudBlazor's, Blazor's script), not MapStaticAssets: its catch-all
        // fallback endpoint made every unknown route answer 405 to methods other than GET, not 404.
        app.UseStaticFiles();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().ExcludeFromDescription();
        app.MapPost(OfficeSession.SignOutPath, SignOutAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>Ends the session itself (not only the cookie), then back to the sign-in page.</summary>
    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, Orleans.IGrainFactory cluster, SessionTokens tokens)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Redirect(OfficeSession.SignInPath);
        }

        if (OfficeSession.CookieTokenOf(context.Request) is { } token && tokens.TryVerify(token, out var sessionKey))
        {
            await cluster.Keyed<IStaffSessionGrain>(sessionKey).EndAsync();
        }

        OfficeSession.Delete(context);
        return Results.Redirect(OfficeSession.SignInPath);
    }
}
