using Microsoft.Extensions.Caching.Memory;
using QRCoder;

namespace Lottopar.Silo.Payments;

/// <summary>
/// The QR image (PNG, base64) of a BR Code. Drawing one took about a third of the silo's busy time
/// in the payments benchmark, and a deposit's status is read several times while the player pays: each
/// image is drawn once per silo and kept while it is asked for (an hour at most, 10,000 of them).
/// </summary>
public sealed class QrCodes : IDisposable
{
    private readonly MemoryCache _images = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public string PngOf(string brCode) => _images.GetOrCreate(brCode, entry =>
    {
        entry.Size = 1;
        entry.SlidingExpiration = TimeSpan.FromMinutes(10);
        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1);
        return Png(brCode, pixelsPerModule: 6);
    })!;

    /// <summary>A QR code of <paramref name="content"/> as a PNG, base64, drawn now (nothing kept: an authenticator's secret goes through here too).</summary>
    public static string Png(string content, int pixelsPerModule)
    {
        using var data = QRCodeGenerator.GenerateQrCode(content, QRCodeGenerator.ECCLevel.M);
        return Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(pixelsPerModule));
    }

    public void Dispose() => _images.Dispose();
}
