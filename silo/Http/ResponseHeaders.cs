using Lottopar.GrainInterfaces.Common;

namespace Lottopar.Silo.Http;

/// <summary>
/// Headers on every response, errors included (they are set as the response starts, after any
/// exception handler has cleared the response): the deployment's environment, and the browser
/// protections an API that hands out tokens and personal data should send.
/// </summary>
public static class ResponseHeaders
{
    public const string EnvironmentHeader = "X-Lottopar-Environment";

    public static IApplicationBuilder UseLottoparResponseHeaders(this IApplicationBuilder app, DeploymentEnvironment environment)
    {
        var display = environment.Display();
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var (response, environmentName) = ((HttpResponse, string))state;
                var headers = response.Headers;
                headers[EnvironmentHeader] = environmentName;
                headers.XContentTypeOptions = "nosniff";

                // Nothing here is meant to be framed (the /docs page included): no clickjacking.
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = "frame-ancestors 'none'";
                headers["Referrer-Policy"] = "no-referrer";

                // Tokens, keys and personal data must not stay in browser or proxy caches.
                headers.CacheControl = "no-store";
                return Task.CompletedTask;
            }, (context.Response, display));
            return next(context);
        });
    }
}
