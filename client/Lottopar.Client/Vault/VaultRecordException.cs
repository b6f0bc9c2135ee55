namespace Lottopar.Client.Vault;

/// <summary>A record that cannot be written as the schema requires; <see cref="Field"/> names the field (dotted path) at fault.</summary>
public sealed class VaultRecordException(string field, string message) : FormatException(message)
{
    public string Field { get; } = field;
}
