using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace Lottopar.Client.Vault;

/// <summary>
/// The header fields of one hourly file other than its totals (docs/vault-format.md, section 3).
/// Times are written in Brasília time (-03:00), as the document recommends.
/// </summary>
public sealed record VaultFileHeader(string Oprid, DateTimeOffset Hour, long Sequence, int Part, int Parts, DateTimeOffset CreatedAt)
{
    private static readonly TimeSpan Brasilia = TimeSpan.FromHours(-3);

    /// <summary>The file's name once sealed (section 2), without <see cref="VaultFileName.Extension"/>'s <c>.p7m</c>: <c>{name}.xml</c>.</summary>
    public string XmlFileName => VaultFileName.Of(Oprid, Hour, Sequence, Part, Parts)[..^".p7m".Length];

    /// <summary>Refuses what section 3 forbids and a schema cannot see.</summary>
    public void Validate()
    {
        if (!Regex.IsMatch(Oprid, "^OPR-[0-9]{6,10}$"))
        {
            throw new ArgumentException($"oprid {Oprid} is not OPR- and 6 to 10 digits.");
        }

        if (Hour.UtcTicks % TimeSpan.TicksPerHour != 0 || Hour.Ticks % TimeSpan.TicksPerHour != 0)
        {
            throw new ArgumentException($"hour {Hour:O} is not on the hour.");
        }

        if (Sequence < 1 || Part < 1 || Part > Parts || Parts > 999)
        {
            throw new ArgumentException($"sequence {Sequence}, part {Part} of {Parts}: the sequence starts at 1 and 1 <= part <= parts <= 999.");
        }

        if (CreatedAt < Hour.AddHours(1))
        {
            throw new ArgumentException($"created_at {CreatedAt:O} is before the hour ends ({Hour.AddHours(1):O}).");
        }
    }

    /// <summary>A date-time as the file writes it: Brasília offset, milliseconds only when present.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.ToOffset(Brasilia).ToString(value.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:sszzz" : "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>Parses a file's date-time, which must carry its offset.</summary>
    public static DateTimeOffset ParseTimestamp(string value) => XmlConvert.ToDateTimeOffset(value);
}
