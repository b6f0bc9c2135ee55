using System.Buffers;

namespace Lottopar.Silo.Betting;

/// <summary>
/// A request body read whole into a buffer rented from the shared pool, up to a size limit.
/// Disposing it returns the buffer: nothing read from it may be kept past that (deserialised
/// values, JsonElements included, are copies). Reading every event into a fresh MemoryStream
/// and chunk cost about 20 KB of garbage per request (2026-11-29; the git history of docs/benchmarks.md).
/// </summary>
public sealed class RequestBody : IDisposable
{
    private const int FirstBufferBytes = 4 * 1024;

    private byte[] _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/> (declared or actual).</summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        // One byte more than a declared length, so that the read which finds the end needs no growth.
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } declared ? (int)declared + 1 : FirstBufferBytes);
        RequestBody? body = null;
        try
        {
            var length = 0;
            int read;
            do
            {
                if (length == buffer.Length)
                {
                    // length <= maxBytes here (checked after every read), so the new buffer holds one byte more than it.
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                length += read;
                if (length > maxBytes)
                {
                    return null;
                }
            }
            while (read > 0);

            return body = new RequestBody(buffer, length);
        }
        finally
        {
            // Back to the pool unless the body now owns it: a refused size, a failed read.
            if (body is null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
