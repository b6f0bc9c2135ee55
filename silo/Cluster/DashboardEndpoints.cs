using Lottopar.Silo.Security;
using Orleans.Dashboard;

namespace Lottopar.Silo.Cluster;

/// <summary>
/// The Orleans dashboard at /dashboard, for LOTTOPAR staff only. Two of its views are closed:
/// GrainState activates any grain and calls its methods, unaudited (the audited way to see a
/// grain's state is the inspector under /admin/grains), and Trace streams the silo's log.
/// </summary>
public static class DashboardEndpoints
{
    public const string RoutePrefix = "/dashboard";

    private static readonly string[] ClosedViews = ["/GrainState", "/Trace"];

    public static IEndpointRouteBuilder MapLottoparDashboard(this IEndpointRouteBuilder app)
    {
        app.MapOrleansDashboard(routePrefix: RoutePrefix)
            .RequireAuthorization(Policies.LottoparStaff)
            .AddEndpointFilter(async (context, next) => IsClosed(context.HttpContext)
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "This dashboard view is closed.",
                    extensions: new Dictionary<string, object?> { ["code"] = "not_found" })
                : await next(context));
        return app;
    }

    private static bool IsClosed(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint endpoint
        && ClosedViews.Any(view => endpoint.RoutePattern.RawText?.EndsWith(view, StringComparison.OrdinalIgnoreCase) == true);
}
