using System.Globalization;
using Lottopar.Grains.Validation;
using Microsoft.AspNetCore.Http.Features;

namespace Lottopar.Silo.Http;

/// <summary>
/// Checks every request makes before its endpoint runs: a body no larger than the endpoint allows
/// (413), and query parameters and headers holding only text that can be stored (400 naming the
/// parameter). A path holding NUL never gets here: the server refuses it. Endpoints that answer in a protocol of their own (webSale) opt out
/// of the problem answers with <see cref="OwnErrorProtocol"/> and check their input themselves.
/// </summary>
public static class RequestGuards
{
    /// <summary>Body limit of an endpoint that does not declare one: ample for every JSON request of the admin and auth APIs.</summary>
    public const long DefaultMaxBodyBytes = 32 * 1024;

    /// <summary>The endpoint accepts bodies up to <paramref name="bytes"/>.</summary>
    public static TBuilder WithMaxRequestBody<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new MaxRequestBody(bytes));

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
            await Problems.WriteAsync(context, 400, "invalid_text", $"The {problem.Kind} '{problem.Name}' holds text that cannot be accepted.",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [problem.Name] = [problem.Message] } });
            return;
        }

        await next(context);
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
