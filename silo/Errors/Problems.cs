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
