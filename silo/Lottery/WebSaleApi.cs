using Lottopar.GrainInterfaces.Common;
using System.Text;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Silo.Cluster;
using Lottopar.Silo.Http;

namespace Lottopar.Silo.Lottery;

/// <summary>
/// The lottery sale web service for POS terminals and resellers (lottery-websale-spec.es.txt),
/// at the path integrators call: GET or POST /webSale.jsp with the document's parameters, in the
/// query string or a form body. Every answer is HTTP 200 with a plain-text body of the protocol:
/// a code or a ticket number, byte for byte. The caller is identified by its provider code and
/// its address (the provider's allow-list); there is no other credential in the protocol.
/// </summary>
public static class WebSaleApi
{
    public const string Path = "/webSale.jsp";

    public static IEndpointRouteBuilder MapWebSaleApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, ["GET", "POST"], HandleAsync)
            .AllowAnonymous()
            .WithOwnErrorProtocol()
            .WithTags("Lottery sale (webSale)").WithName("WebSale")
            .WithSummary("The webSale protocol: operation 0 sale (POST only), 1 cancellation, 2 prize registration, 3 transaction check, 4 results.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }

    /// <summary>
    /// A terminal always gets the protocol: when the operation cannot be carried out (the database
    /// is unavailable, the body cannot be read, anything unexpected) the answer is the operation's
    /// own failure code, HTTP 200, never a 500. A sale answered <c>0</c> this way may still have
    /// committed if the failure came after its commit; the protocol's transaction check (operation
    /// 3) is how a terminal settles that, as for a lost answer.
    /// </summary>
    /// <remarks>
    /// This endpoint only translates: the parameters into a <see cref="WebSaleRequest"/>, the desk's
    /// verdict into the operation's code (<see cref="WebSaleCodes"/>). Every rule is the desk's
    /// (<see cref="IWebSaleDeskGrain"/>), except that a sale must come by POST, which is HTTP's.
    /// </remarks>
    public static async Task<IResult> HandleAsync(HttpContext context, ClientAddress addresses, Orleans.IGrainFactory grains,
        DatabaseOutage database, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(WebSaleApi));
        var operation = context.Request.Query["operation"].ToString();
        string answer;
        try
        {
            var parameters = await WebSaleParameters.ReadAsync(context.Request, context.RequestAborted);
            operation = parameters["operation"] ?? "";
            var request = new WebSaleRequest(parameters["providercod"], parameters["poscod"], parameters["serialifa"], parameters["numfact"],
                parameters["data"], parameters["date"], parameters["turn"], addresses.Of(context)?.ToString());
            var desk = grains.Keyed<IWebSaleDeskGrain>(WebSaleDeskGrain.Key);
            var outcome = operation switch
            {
                // The document asks for POST so that a long frame is never cut short on the way.
                "0" when !HttpMethods.IsPost(context.Request.Method) => WebSaleOutcome.Of(WebSaleVerdict.Malformed),
                "0" => await desk.SellAsync(request),
                "1" => await desk.CancelAsync(request),
                "2" => await desk.PayAsync(request),
                "3" => await desk.CheckTransactionsAsync(request),
                "4" => await desk.ResultsAsync(request),
                _ => null,
            };

            // No operation to answer for: the general "not done" code every operation shares.
            answer = outcome is null ? "0" : WebSaleCodes.Answer(operation, outcome);
        }
        catch (Exception error) when (!context.RequestAborted.IsCancellationRequested)
        {
            if (ClusterUnavailable.Is(error))
            {
                logger.LogWarning("webSale operation {Operation} could not be served: {Error}", operation, error.Message);
            }
            else if (!database.TryReport(error, $"webSale operation {operation}"))
            {
                logger.LogError(error, "webSale operation {Operation} failed; the terminal gets the operation's failure code", operation);
            }

            answer = WebSaleResponse.FailureOf(operation);
        }

        return Results.Text(answer, "text/plain", Encoding.ASCII);
    }
}
