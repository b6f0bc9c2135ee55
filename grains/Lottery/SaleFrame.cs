using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// The <c>data</c> parameter of a webSale sale: one ticket, as records <c>draw|type|number|amount</c>
/// separated by ';', e.g. <c>01|01|320|0.1;01|02|32|0.2;</c>.
/// </summary>
/// <remarks>
/// A frame is refused as a whole (the protocol answers "0") when it is empty or longer than
/// <see cref="MaxLength"/> characters; holds an empty record anywhere but after the final ';', or more than
/// <see cref="MaxRecords"/> records; when a record does not have exactly 4 fields, names a draw not in the
/// catalog, a type code other than "01" to "04", a type its draw does not sell, a number not in its type's
/// layout (see <see cref="LotteryNumber"/>), or an amount <see cref="WebSaleAmount"/> refuses; when records
/// mix lotteries or turns (the document: one ticket is one turn of one lottery); or when the same
/// (draw, type, number) appears twice. No whitespace is tolerated anywhere.
/// </remarks>
public static class SaleFrame
{
    public const int MaxLength = 8_000;
    public const int MaxRecords = 100;

    private const int FieldCount = 4;
    private const int MaxShownLength = 20;

    /// <summary>Parses and checks a sale frame against the catalog; never throws on any <paramref name="data"/>.</summary>
    /// <param name="records">The records in frame order; empty when refused.</param>
    /// <param name="reason">Why the frame was refused, naming the record (1-based), for logs; null when accepted.</param>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    public static bool TryParse(
        string? data,
        LotteryCatalog catalog,
        out IReadOnlyList<SaleRecord> records,
        [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var parsed = new List<SaleRecord>();
        reason = Parse(data, catalog, parsed);
        records = reason is null ? parsed.AsReadOnly() : [];
        return reason is null;
    }

    private static string? Parse(string? data, LotteryCatalog catalog, List<SaleRecord> parsed)
    {
        if (string.IsNullOrEmpty(data))
        {
            return "The frame is empty.";
        }

        if (data.Length > MaxLength)
        {
            return Invariant($"The frame has {data.Length} characters; at most {MaxLength} are accepted.");
        }

        // The document's own examples end with ';', so one trailing separator closes the last record.
        var body = data.AsSpan();
        if (body[^1] == ';')
        {
            body = body[..^1];
        }

        var count = body.Count(';') + 1;
        if (count > MaxRecords)
        {
            return Invariant($"The frame has {count} records; at most {MaxRecords} are accepted.");
        }

        DrawDefinition? first = null;
        var seen = new HashSet<(string Draw, NumberType Type, string Number)>();
        var position = 0;
        foreach (var range in body.Split(';'))
        {
            position++;
            if (!TryParseRecord(body[range], catalog, out var record, out var draw, out var reason))
            {
                return Invariant($"Record {position}: {reason}");
            }

            first ??= draw;
            if (!string.Equals(draw.LotteryCode, first.LotteryCode, StringComparison.Ordinal))
            {
                return Invariant($"Record {position}: draw {draw.Code} is of lottery {draw.LotteryCode} but record 1 is of lottery {first.LotteryCode}; a ticket holds one lottery.");
            }

            if (draw.Turn != first.Turn)
            {
                return Invariant($"Record {position}: draw {draw.Code} is of turn {draw.Turn} but record 1 is of turn {first.Turn}; a ticket holds one turn.");
            }

            if (!seen.Add((record.DrawCode, record.Type, record.Number)))
            {
                return Invariant($"Record {position}: number {record.Number} of type {NumberTypeCode.Format(record.Type)} in draw {record.DrawCode} is already in the frame.");
            }

            parsed.Add(record);
        }

        return null;
    }

    private static bool TryParseRecord(
        ReadOnlySpan<char> text,
        LotteryCatalog catalog,
        [NotNullWhen(true)] out SaleRecord? record,
        [NotNullWhen(true)] out DrawDefinition? draw,
        [NotNullWhen(false)] out string? reason)
    {
        record = null;
        draw = null;
        if (text.IsEmpty)
        {
            reason = "the record is empty.";
            return false;
        }

        Span<Range> fields = stackalloc Range[FieldCount + 1];
        if (text.Split(fields, '|') != FieldCount)
        {
            reason = Invariant($"{Show(text)} does not have the 4 fields draw|type|number|amount.");
            return false;
        }

        var drawCode = text[fields[0]];
        draw = drawCode.Length == 2 ? catalog.FindDraw(drawCode.ToString()) : null;
        if (draw is null)
        {
            reason = Invariant($"draw {Show(drawCode)} is not in the catalog.");
            return false;
        }

        reason = CheckPlay(text[fields[1]], text[fields[2]], text[fields[3]], draw, out var type, out var cents);
        if (reason is not null)
        {
            return false;
        }

        record = new SaleRecord(draw.Code, type, text[fields[2]].ToString(), cents);
        return true;
    }

    private static string? CheckPlay(
        ReadOnlySpan<char> typeCode,
        ReadOnlySpan<char> number,
        ReadOnlySpan<char> amount,
        DrawDefinition draw,
        out NumberType type,
        out long cents)
    {
        cents = 0;
        if (!NumberTypeCode.TryParse(typeCode, out type))
        {
            return Invariant($"type {Show(typeCode)} is not a number type code (01 to 04).");
        }

        if (!draw.Sells(type))
        {
            return Invariant($"draw {draw.Code} does not sell type {NumberTypeCode.Format(type)} ({type}).");
        }

        if (!LotteryNumber.IsValid(type, number))
        {
            return Invariant($"number {Show(number)} is not a {type} number ({LotteryNumber.Describe(type)}).");
        }

        return WebSaleAmount.TryParse(amount, out cents)
            ? null
            : Invariant($"amount {Show(amount)} is not an amount (digits, '.' and up to 2 decimals, 0.01 to 1000000).");
    }

    /// <summary>Quotes a short printable value for a log line; anything else is described, not echoed.</summary>
    private static string Show(ReadOnlySpan<char> value) =>
        value.Length <= MaxShownLength && !value.ContainsAnyExceptInRange(' ', '~')
            ? $"'{value}'"
            : Invariant($"({value.Length} characters, not shown)");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
