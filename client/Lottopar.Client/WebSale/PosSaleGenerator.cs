using System.Globalization;

namespace Lottopar.Client.WebSale;

/// <summary>
/// Sale lines for a load test: a draw picked from a list, one of the number types it sells, a random number in
/// that type's layout, and a fixed amount. Pure: the randomness comes from the caller.
/// </summary>
public sealed class PosSaleGenerator
{
    /// <summary>The document's smallest example amount, 0.1.</summary>
    public const long DefaultAmountCents = 10;

    private readonly (string Code, IReadOnlyList<NumberType> Types)[] _draws;

    /// <param name="drawCodes">Draws of <see cref="DefaultDraws"/>; at least one.</param>
    /// <param name="amountCents">The amount of every line, 1 to <see cref="WireAmount.MaxCents"/>.</param>
    public PosSaleGenerator(IEnumerable<string> drawCodes, long amountCents = DefaultAmountCents)
    {
        ArgumentNullException.ThrowIfNull(drawCodes);
        _draws = [.. drawCodes.Distinct(StringComparer.Ordinal).Select(code => DefaultDraws.TryGetTypes(code, out var types)
            ? (code, types)
            : throw new ArgumentException($"'{code}' is not a draw of the document's table ({string.Join(", ", DefaultDraws.Codes)}).", nameof(drawCodes)))];
        if (_draws.Length == 0)
        {
            throw new ArgumentException("Give at least one draw.", nameof(drawCodes));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountCents);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amountCents, WireAmount.MaxCents);
        AmountCents = amountCents;
    }

    public IReadOnlyList<string> DrawCodes => [.. _draws.Select(draw => draw.Code)];

    public long AmountCents { get; }

    /// <summary>The next line, drawn from <paramref name="random"/>.</summary>
    public SaleLine Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (code, types) = _draws[random.Next(_draws.Length)];
        var type = types[random.Next(types.Count)];
        return new SaleLine(code, type, RandomNumber(type, random), AmountCents);
    }

    private static string RandomNumber(NumberType type, Random random)
    {
        var sign = NumberTypes.IsZodiac(type)
            ? random.Next(NumberTypes.FirstSign, NumberTypes.LastSign + 1).ToString("D2", CultureInfo.InvariantCulture)
            : "";
        var number = type is NumberType.Triple or NumberType.TripleZodiac
            ? random.Next(1000).ToString("D3", CultureInfo.InvariantCulture)
            : random.Next(100).ToString("D2", CultureInfo.InvariantCulture);
        return sign + number;
    }
}
