namespace Lottopar.Silo.Lottery;

/// <summary>
/// The parameters of a webSale request: the form body (POST, application/x-www-form-urlencoded)
/// over the query string. A parameter given twice is treated as absent, so that an ambiguous
/// request never sells.
/// </summary>
public sealed class WebSaleParameters
{
    /// <summary>Largest accepted form body: a frame of 100 records is well under 8 KB.</summary>
    public const int MaxFormBytes = 16 * 1024;

    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public string? this[string name] => _values.GetValueOrDefault(name);

    public static async Task<WebSaleParameters> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var parameters = new WebSaleParameters();
        foreach (var (name, value) in request.Query)
        {
            parameters._values[name] = value.Count == 1 ? value[0] : null;
        }

        if (request.HasFormContentType && request.ContentLength > MaxFormBytes)
        {
            // The body stays unread, so the server will not keep this connection: say so, or a
            // terminal that reuses it loses its next request.
            request.HttpContext.Response.Headers.Connection = "close";
        }
        else if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = MaxFormBytes }, cancellationToken);
                foreach (var (name, value) in form)
                {
                    parameters._values[name] = value.Count == 1 ? value[0] : null;
                }
            }
            catch (InvalidDataException)
            {
                // A malformed or oversized form carries no usable parameter: the operation answers its "bad frame" code.
                parameters._values.Clear();
            }
        }

        return parameters;
    }
}
