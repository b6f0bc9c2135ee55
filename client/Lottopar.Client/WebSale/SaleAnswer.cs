using System.Diagnostics.CodeAnalysis;

namespace Lottopar.Client.WebSale;

/// <summary>
/// The answer to a sale (operation 0), in one of the document's three forms: <see cref="TicketSold"/>,
/// <see cref="TicketPartiallySold"/> or <see cref="SaleRefused"/>.
/// </summary>
public abstract record SaleAnswer
{
    /// <summary>The length of a ticket number.</summary>
    public const int TicketLength = 26;

    private protected SaleAnswer()
    {
    }

    /// <summary>The ticket number when one was issued (fully or partly sold); null when refused.</summary>
    public abstract string? TicketNumber { get; }

    /// <summary>
    /// Reads a sale's body: a 26-digit ticket number; the ticket number, ';' and <c>draw|type|sold;</c> per
    /// record of the frame (partial availability); or one of the sale's codes.
    /// </summary>
    /// <exception cref="UnexpectedAnswerException">The body has none of these forms.</exception>
    public static SaleAnswer Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (IsTicketNumber(body))
        {
            return new TicketSold(body);
        }

        if (CodeAnswer.TryParse(WebSaleOperation.Sale, body, out var code))
        {
            return new SaleRefused(code);
        }

        return TryParsePartial(body, out var partial) ? partial : throw new UnexpectedAnswerException(WebSaleOperation.Sale, body);
    }

    /// <summary>26 ASCII digits; the document promises no more of a ticket number's structure.</summary>
    public static bool IsTicketNumber(string? text) => text is { Length: TicketLength } && text.All(char.IsAsciiDigit);

    /// <summary><c>TICKET;01|01|0.1;01|02|0;</c>: every record ends with ';' and there is at least one.</summary>
    private static bool TryParsePartial(string body, [NotNullWhen(true)] out TicketPartiallySold? partial)
    {
        partial = null;
        var parts = body.Split(';');
        if (parts.Length < 3 || !IsTicketNumber(parts[0]) || parts[^1].Length != 0)
        {
            return false;
        }

        var records = new List<SoldRecord>(parts.Length - 2);
        foreach (var record in parts.AsSpan(1, parts.Length - 2))
        {
            var fields = record.Split('|');
            if (fields.Length != 3
                || !IsDrawCode(fields[0])
                || !NumberTypes.TryParseCode(fields[1], out var type)
                || !WireAmount.TryParse(fields[2], out var sold))
            {
                return false;
            }

            records.Add(new SoldRecord(fields[0], type, sold));
        }

        partial = new TicketPartiallySold(parts[0], records);
        return true;
    }

    internal static bool IsDrawCode(string? text) => text is { Length: 2 } && text.All(char.IsAsciiDigit);
}

/// <summary>Every record sold in full: the ticket number, exactly as the server wrote it.</summary>
public sealed record TicketSold(string TicketNumber) : SaleAnswer
{
    public override string TicketNumber { get; } = TicketNumber;
}

/// <summary>
/// Partial availability: a ticket was issued, but some record sold less than asked (0 when its number's quota
/// was used up). The records come in the frame's order.
/// </summary>
public sealed record TicketPartiallySold(string TicketNumber, IReadOnlyList<SoldRecord> Records) : SaleAnswer
{
    public override string TicketNumber { get; } = TicketNumber;
}

/// <summary>No ticket: the sale's code and what it means (0 is a wrong frame, 6 nothing available, 7 draw closed, ...).</summary>
public sealed record SaleRefused(CodeAnswer Refusal) : SaleAnswer
{
    public override string? TicketNumber => null;

    public int Code => Refusal.Code;

    public string Meaning => Refusal.Meaning;
}

/// <summary>One record of a partial answer: the draw, the number type and the amount actually sold, in centavos.</summary>
public sealed record SoldRecord(string DrawCode, NumberType Type, long SoldCents);
