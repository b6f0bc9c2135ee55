using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Lottopar.Client.WebSale;

/// <summary>
/// The draws of the document's table (LOTERIA DE CARACAS, LOTTOPAR's default catalog) and the number types each
/// sells: the León draws 01-06 sell triple and terminal, the Tripletón draws 13-15 their zodiac forms.
/// </summary>
public static class DefaultDraws
{
    private static readonly NumberType[] Leon = [NumberType.Triple, NumberType.Terminal];
    private static readonly NumberType[] Tripleton = [NumberType.TripleZodiac, NumberType.TerminalZodiac];

    private static readonly FrozenDictionary<string, IReadOnlyList<NumberType>> TypesByDraw = new Dictionary<string, IReadOnlyList<NumberType>>
    {
        ["01"] = Leon, ["02"] = Leon, ["13"] = Tripleton,
        ["03"] = Leon, ["04"] = Leon, ["14"] = Tripleton,
        ["05"] = Leon, ["06"] = Leon, ["15"] = Tripleton,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every draw code, in code order.</summary>
    public static IReadOnlyList<string> Codes { get; } = [.. TypesByDraw.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The number types <paramref name="drawCode"/> sells; false for a code not in the table.</summary>
    public static bool TryGetTypes(string? drawCode, [NotNullWhen(true)] out IReadOnlyList<NumberType>? types)
    {
        types = null;
        return drawCode is not null && TypesByDraw.TryGetValue(drawCode, out types);
    }
}
