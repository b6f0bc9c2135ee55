using System.Diagnostics.CodeAnalysis;

namespace Lottopar.Client.WebSale;

/// <summary>The document's number types; the value is the code on the wire ("01" to "04").</summary>
public enum NumberType
{
    /// <summary>Triple: 3 digits, e.g. 320.</summary>
    Triple = 1,

    /// <summary>Terminal: 2 digits, e.g. 32.</summary>
    Terminal = 2,

    /// <summary>Triple zodiacal: the sign 01-12, then the triple, e.g. 02987 (TAURO 987).</summary>
    TripleZodiac = 3,

    /// <summary>Terminal zodiacal: the sign 01-12, then 2 digits, e.g. 0287 (TAURO 87).</summary>
    TerminalZodiac = 4,
}

/// <summary>Type codes and the layout of a number of each type (docs/websale-protocol.md, "Number types").</summary>
public static class NumberTypes
{
    public const int FirstSign = 1;
    public const int LastSign = 12;

    /// <summary>The type's code on the wire: "01" for a triple.</summary>
    public static string Code(NumberType type) => type switch
    {
        NumberType.Triple => "01",
        NumberType.Terminal => "02",
        NumberType.TripleZodiac => "03",
        NumberType.TerminalZodiac => "04",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a number type of the document."),
    };

    /// <summary>Reads a type code, exactly "01" to "04".</summary>
    public static bool TryParseCode(string? code, out NumberType type)
    {
        type = code switch
        {
            "01" => NumberType.Triple,
            "02" => NumberType.Terminal,
            "03" => NumberType.TripleZodiac,
            "04" => NumberType.TerminalZodiac,
            _ => default,
        };
        return type != default;
    }

    /// <summary>How many digits a number of the type has, the sign included.</summary>
    public static int Digits(NumberType type) => type switch
    {
        NumberType.Triple => 3,
        NumberType.Terminal => 2,
        NumberType.TripleZodiac => 5,
        NumberType.TerminalZodiac => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a number type of the document."),
    };

    /// <summary>The type's digits and, for a zodiac type, a sign from 01 to 12 in front.</summary>
    public static bool Fits(NumberType type, [NotNullWhen(true)] string? number) =>
        number is not null
        && number.Length == Digits(type)
        && number.All(char.IsAsciiDigit)
        && (type is NumberType.Triple or NumberType.Terminal || ((number[0] - '0') * 10) + (number[1] - '0') is >= FirstSign and <= LastSign);

    /// <summary>Whether the type carries a zodiac sign.</summary>
    public static bool IsZodiac(NumberType type) => type is NumberType.TripleZodiac or NumberType.TerminalZodiac;
}
