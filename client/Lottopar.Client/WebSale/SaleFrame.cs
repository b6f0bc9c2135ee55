namespace Lottopar.Client.WebSale;

/// <summary>The <c>data</c> of a sale: <c>draw|type|number|amount;</c> per record, as in the document's example.</summary>
public static class SaleFrame
{
    /// <summary>The frame of <paramref name="lines"/>, each ended by ';': <c>01|01|320|0.1;01|02|32|0.2;</c>.</summary>
    /// <exception cref="ArgumentException">No line, or a line no server could sell: a draw code that is not 2 digits,
    /// a number outside its type's layout, an amount of 0 or above <see cref="WireAmount.MaxCents"/>.</exception>
    public static string Build(IEnumerable<SaleLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var records = lines.ToList();
        if (records.Count == 0)
        {
            throw new ArgumentException("A frame needs at least one line.", nameof(lines));
        }

        foreach (var line in records)
        {
            if (!SaleAnswer.IsDrawCode(line.DrawCode))
            {
                throw new ArgumentException($"Draw code '{line.DrawCode}' is not 2 digits.", nameof(lines));
            }

            if (!NumberTypes.Fits(line.Type, line.Number))
            {
                throw new ArgumentException($"'{line.Number}' does not fit the layout of a {line.Type}.", nameof(lines));
            }

            if (line.AmountCents is <= 0 or > WireAmount.MaxCents)
            {
                throw new ArgumentException($"An amount of {line.AmountCents} centavos cannot be sold.", nameof(lines));
            }
        }

        return string.Concat(records.Select(line => line.ToWire() + ";"));
    }
}
