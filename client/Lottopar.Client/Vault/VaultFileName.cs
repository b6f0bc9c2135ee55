using System.Globalization;

namespace Lottopar.Client.Vault;

/// <summary>
/// The name of an hourly vault file (docs/vault-format.md, section 2):
/// <c>{OPRID}_{yyyyMMddHH in UTC}_{sequence:D8}_{part:D3}-{parts:D3}.xml.p7m</c>, so that names sort by
/// hour and then by sequence. Uploads go to <c>incoming/</c> under this name plus <see cref="UploadSuffix"/>, then are renamed.
/// </summary>
public static class VaultFileName
{
    public const string Extension = ".xml.p7m";
    public const string UploadSuffix = ".part";

    public static string Of(string oprid, DateTimeOffset hour, long sequence, int part = 1, int parts = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(oprid);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(part, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(part, parts);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parts, 999);
        return string.Create(CultureInfo.InvariantCulture,
            $"{oprid}_{hour.UtcDateTime:yyyyMMddHH}_{sequence:D8}_{part:D3}-{parts:D3}{Extension}");
    }
}
