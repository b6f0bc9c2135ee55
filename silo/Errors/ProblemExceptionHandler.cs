using System.Text.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Silo.Cluster;
using Microsoft.AspNetCore.Diagnostics;

namespace Lottopar.Silo;

/// <summary>
/// The one place where exceptions become HTTP answers: domain refusals with the fields they name,
/// malformed JSON with the path of the bad value, an unavailable database or an overloaded runtime
/// as 503 with Retry-After. Anything else is a 500 whose details stay in the log.
/// </summary>
public sealed class ProblemExceptionHandler(DatabaseOutage database, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client should wait before retrying a 503.</summary>
    public const int RetryAfterSeconds = 5;

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
            case GrainInterfaces.Payments.PaymentRefusedException refused:
                await Problems.WriteAsync(httpContext, 422, refused.Code, refused.Message, new Dictionary<string, object?> { ["reasons"] = refused.Reasons });
                return true;
            case GrainInterfaces.Payments.PixRefusedException refused:
                await Problems.WriteAsync(httpContext, 502, "psp_refused",
                    "The operator's PSP refused the platform's request; nothing was kept. LOTTOPAR checks the operator's PSP account.",
                    new Dictionary<string, object?> { ["pspStatus"] = refused.Status, ["pspType"] = refused.Type, ["violations"] = refused.Violations });
                return true;
            case DependencyUnavailableException unavailable:
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Problems.WriteAsync(httpContext, 503, "dependency_unavailable", unavailable.Message,
                    new Dictionary<string, object?> { ["dependency"] = unavailable.Dependency });
                return true;
            case BadHttpRequestException bad:
                await WriteMalformedAsync(httpContext, bad);
                return true;
            case var _ when database.TryReport(exception, $"{httpContext.Request.Method} {httpContext.Request.Path}"):
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Problems.WriteAsync(httpContext, 503, "database_unavailable",
                    "The platform's database is unavailable; retry shortly. A request that was answered 503 may or may not have been applied: " +
                    "retry it with the same Idempotency-Key (or the same natural key) and it takes effect once.");
                return true;
            case var _ when ClusterUnavailable.Is(exception):
                logger.LogWarning("Request {Path} could not be served: {Error}", httpContext.Request.Path, exception.Message);
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
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
            : json.Message.StartsWith("Duplicate propert", StringComparison.Ordinal)
                ? "This key appears more than once in its object: send each key once."
                : json.Message.Split(" Path:")[0];

    private static Task WriteMalformedAsync(HttpContext context, BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var field = FieldOf(json);
            return Problems.WriteAsync(context, 400, "malformed_json", $"The body is not valid JSON for this request at '{json.Path}'.",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [Explain(json)] } });
        }

        return Problems.WriteAsync(context, bad.StatusCode, Problems.CodeOf(bad.StatusCode), bad.Message);
    }

    /// <summary>
    /// The field as the request names it: the JSON path without its root, or for a repeated key the
    /// key itself ("Duplicate property 'total_stake' ..." at the object's path).
    /// </summary>
    private static string FieldOf(JsonException json)
    {
        var field = (json.Path ?? "$").TrimStart('$', '.');
        var message = json.Message;
        if (message.StartsWith("Duplicate property '", StringComparison.Ordinal))
        {
            var name = message["Duplicate property '".Length..];
            name = name[..Math.Max(0, name.IndexOf('\'', StringComparison.Ordinal))];
            if (name.Length > 0 && !field.EndsWith(name, StringComparison.Ordinal))
            {
                field = field.Length == 0 ? name : $"{field}.{name}";
            }
        }

        return field.Length == 0 ? "body" : field;
    }
}
