using Lottopar.Silo.Betting;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Lottopar.Silo.Tests.Betting;

public sealed class RequestBodyTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(1_000, true)]
    [InlineData(50_000, true)]
    [InlineData(0, false)]
    [InlineData(1_000, false)]
    [InlineData(50_000, false)]
    public async Task TheWholeBodyIsReadWhetherItsLengthIsDeclaredOrNot(int length, bool declared)
    {
        var sent = Bytes(length);

        using var body = await RequestBody.ReadAsync(Request(sent, declared), maxBytes: 64 * 1024, CancellationToken.None);

        Assert.NotNull(body);
        Assert.Equal(sent, body.Span.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABodyOfExactlyTheLimitIsRead(bool declared)
    {
        var sent = Bytes(10_000);

        using var body = await RequestBody.ReadAsync(Request(sent, declared), maxBytes: 10_000, CancellationToken.None);

        Assert.Equal(sent, body!.Span.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABodyOneByteOverTheLimitIsRefused(bool declared)
    {
        var body = await RequestBody.ReadAsync(Request(Bytes(10_001), declared), maxBytes: 10_000, CancellationToken.None);

        Assert.Null(body);
    }

    [Fact]
    public async Task ADisposedBodyCannotBeReadAgain()
    {
        var body = await RequestBody.ReadAsync(Request(Bytes(100), declared: true), maxBytes: 1_000, CancellationToken.None);

        body!.Dispose();
        body.Dispose();

        Assert.Throws<ArgumentOutOfRangeException>(() => body.Span.Length);
    }

    private static byte[] Bytes(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7))];

    /// <summary>A request whose body arrives in small pieces, as a socket's would.</summary>
    private static HttpRequest Request(byte[] body, bool declared)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new TrickleStream(body, pieceBytes: 1_500);
        context.Request.ContentLength = declared ? body.Length : null;
        return context.Request;
    }

    private sealed class TrickleStream(byte[] data, int pieceBytes) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, pieceBytes)], cancellationToken);
    }
}
