using Microsoft.AspNetCore.Mvc;

namespace Lottopar.Silo;

/// <summary>Writes RFC 9457 problem details with a stable machine-readable <c>code</c>.</summary>
public static class Problems
{
    public static Task WriteAsync(HttpContext context, int status, string code, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = TitleOf(status),
            Detail = detail,
            Instance = context.Request.Path,
        };
        problem.Extensions["code"] = code;
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[name] = value;
        }

        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
    }

    /// <summary>The code of a problem nobody named more precisely.</summary>
    public static string CodeOf(int status) => status switch
    {
        400 => "malformed_request",
        401 => "not_authenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "body_too_large",
        415 => "unsupported_media_type",
        422 => "validation_failed",
        429 => "rate_limited",
        503 => "unavailable",
        _ => status >= 500 ? "internal_error" : "error",
    };

    public static string TitleOf(int status) => status switch
    {
        400 => "Malformed request",
        401 => "Not authenticated",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Conflict",
        422 => "Invalid input",
        423 => "Locked",
        429 => "Too many requests",
        503 => "Unavailable",
        _ => "Error",
    };
}
