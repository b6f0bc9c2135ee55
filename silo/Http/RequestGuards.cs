using System.Globalization;
using Lottopar.Grains.Validation;
using Microsoft.AspNetCore.Http.Features;

namespace Lottopar.Silo.Http;

/// <summary>
/// Checks every request makes before its endpoint runs: a body no larger than the endpoint allows
/// (413), and query parameters, headers and JSON bodies holding only text that can be stored (400
/// naming the parameter or the JSON path). A path holding NUL never gets here: the server refuses
/// it. Endpoints that answer in a protocol of their own (webSale) opt out of the problem answers
/// with <see cref="OwnErrorProtocol"/> and check their input themselves.
/// </summary>
public static class RequestGuards
{
    /// <summary>Body limit of an endpoint that does not declare one: ample for every JSON request of the admin and auth APIs.</summary>
    public const long DefaultMaxBodyBytes = 32 * 1024;

    /// <summary>The endpoint accepts bodies up to <paramref name="bytes"/>.</summary>
    public static TBuilder WithMaxRequestBody<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new MaxRequestBody(bytes));

    /// <summary>The endpoint reads its JSON body itself and checks its text (<see cref="CheckJsonText"/>): no second read here.</summary>
    public static TBuilder WithOwnBodyReading<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ReadsOwnBody());

    /// <summary>A 400 naming where a JSON body holds text that cannot be stored, or null when it holds none.</summary>
    public static IResult? CheckJsonText(HttpContext context, ReadOnlySpan<byte> body) =>
        StorableJson.Problem(body) is { } problem ? InvalidText(context, "JSON field", problem.Path, problem.Message) : null;

    /// <summary>The endpoint answers bad input with codes of its own protocol, never with problem details.</summary>
    public static TBuilder WithOwnErrorProtocol<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OwnErrorProtocol());

    public static IApplicationBuilder UseRequestGuards(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var limit = metadata?.GetMetadata<MaxRequestBody>()?.Bytes ?? DefaultMaxBodyBytes;
        var ownProtocol = metadata?.GetMetadata<OwnErrorProtocol>() is not null;
        if (context.Request.ContentLength > limit && !ownProtocol)
        {
            // Refused before reading a byte. A protocol endpoint answers an oversized body with its own code.
            await Problems.WriteAsync(context, 413, "body_too_large", $"The body is larger than this endpoint accepts ({Describe(limit)}).");
            return;
        }

        LimitBody(context, limit);
        if (!ownProtocol && UnstorableParameter(context.Request) is { } problem)
        {
            await InvalidText(context, problem.Kind, problem.Name, problem.Message).ExecuteAsync(context);
            return;
        }

        if (!ownProtocol && metadata?.GetMetadata<ReadsOwnBody>() is null && IsJson(context.Request) && await JsonTextProblemAsync(context) is { } invalid)
        {
            await invalid.ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    /// <summary>
    /// Reads a JSON body whole (it is within the endpoint's limit) to check its text, then puts it
    /// back for the endpoint to read.
    /// </summary>
    private static async Task<IResult?> JsonTextProblemAsync(HttpContext context)
    {
        var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        buffer.Position = 0;
        context.Request.Body = buffer;
        return CheckJsonText(context, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static bool IsJson(HttpRequest request) =>
        request.ContentLength != 0 && request.ContentType is { } type
        && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || type.Contains("+json", StringComparison.OrdinalIgnoreCase));

    private static IResult InvalidText(HttpContext context, string kind, string name, string message) =>
        Results.Problem(
            $"The {kind} '{name}' holds text that cannot be accepted.", context.Request.Path, 400, Problems.TitleOf(400),
            extensions: new Dictionary<string, object?>
            {
                ["code"] = "invalid_text",
                ["errors"] = new Dictionary<string, string[]> { [name] = [message] },
            });

    /// <summary>
    /// Kestrel enforces the limit itself while the body is read (and answers 413); hosts without that
    /// feature (the test server) get a stream that counts.
    /// </summary>
    private static void LimitBody(HttpContext context, long limit)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }
        else if (feature is null)
        {
            context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
        }
    }

    private static (string Kind, string Name, string Message)? UnstorableParameter(HttpRequest request)
    {
        foreach (var (name, values) in request.Query)
        {
            if (Problem(name, values) is { } message)
            {
                return ("query parameter", Printable(name), message);
            }
        }

        foreach (var (name, values) in request.Headers)
        {
            if (Problem(name, values) is { } message)
            {
                return ("header", Printable(name), message);
            }
        }

        return null;
    }

    private static string? Problem(string name, Microsoft.Extensions.Primitives.StringValues values)
    {
        if (StorableText.Problem(name) is { } nameProblem)
        {
            return nameProblem;
        }

        foreach (var value in values)
        {
            if (value is not null && StorableText.Problem(value) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>A name as an answer may repeat it: what cannot be stored cannot be echoed either.</summary>
    private static string Printable(string name) => StorableText.IsStorable(name) ? name : name.Replace("\0", "\\u0000", StringComparison.Ordinal);

    private static string Describe(long bytes) =>
        bytes % 1024 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KiB") : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");

    private sealed record MaxRequestBody(long Bytes);

    private sealed record OwnErrorProtocol;

    private sealed record ReadsOwnBody;

    /// <summary>A request body that fails with 413 once more than its limit has been read.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit
                ? throw new BadHttpRequestException($"The body is larger than this endpoint accepts ({Describe(limit)}).", StatusCodes.Status413PayloadTooLarge)
                : read;
        }
    }
}
