using System.Text.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Runtime;
using Microsoft.AspNetCore.Diagnostics;

namespace Lottopar.Silo;

/// <summary>
/// The one place where exceptions become HTTP answers: domain refusals with the fields they name,
/// malformed JSON with the path of the bad value, runtime overload as 503. Anything else is a
/// 500 whose details stay in the log.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case DomainValidationException invalid:
                await Problems.WriteAsync(httpContext, 422, "validation_failed", "One or more fields are invalid.",
                    new Dictionary<string, object?> { ["errors"] = invalid.Errors });
                return true;
            case DomainConflictException conflict:
                await Problems.WriteAsync(httpContext, 409, "conflict", conflict.Message, new Dictionary<string, object?>
                {
                    ["field"] = conflict.Field,
                    ["errors"] = new Dictionary<string, string[]> { [conflict.Field] = [conflict.Message] },
                });
                return true;
            case DomainNotFoundException notFound:
                await Problems.WriteAsync(httpContext, 404, "not_found", notFound.Message);
                return true;
            case BadHttpRequestException bad:
                await WriteMalformedAsync(httpContext, bad);
                return true;
            case GrainCallTimeoutException or ActivationLimitExceededException or SiloUnavailableException:
                logger.LogWarning("Request {Path} could not be served: {Error}", httpContext.Request.Path, exception.Message);
                httpContext.Response.Headers.RetryAfter = "5";
                await Problems.WriteAsync(httpContext, 503, "unavailable", "The platform is busy or restarting; retry shortly. The request may or may not have been applied.");
                return true;
            default:
                return false;
        }
    }

    /// <summary>The serializer's own wording names .NET types; an integrator needs to know what the field takes.</summary>
    private static string Explain(JsonException json) =>
        json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? "Wrong type for this field: amounts and counts are JSON integers, odds JSON numbers, flags true/false, texts JSON strings."
            : json.Message.Split(" Path:")[0];

    private static Task WriteMalformedAsync(HttpContext context, BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var field = (json.Path ?? "$").TrimStart('$', '.');
            return Problems.WriteAsync(context, 400, "malformed_json", $"The body is not valid JSON for this request at '{json.Path}'.",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field.Length == 0 ? "body" : field] = [Explain(json)] } });
        }

        return Problems.WriteAsync(context, bad.StatusCode, "malformed_request", bad.Message);
    }
}
