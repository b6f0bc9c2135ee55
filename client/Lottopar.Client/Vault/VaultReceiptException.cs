namespace Lottopar.Client.Vault;

/// <summary>A receipt that is not what the vault signs: a bad or foreign signature, or content that is not a receipt.</summary>
public sealed class VaultReceiptException(string message, Exception? inner = null) : Exception(message, inner);
