namespace Lottopar.Client.Vault;

/// <summary>A JSON-lines input that cannot become a valid hourly file: the line (1-based) and the field at fault.</summary>
public sealed class VaultJsonLinesException(int line, string? field, string message)
    : FormatException(field is null ? $"line {line}: {message}" : $"line {line}, field {field}: {message}")
{
    public int Line { get; } = line;

    public string? Field { get; } = field;
}
