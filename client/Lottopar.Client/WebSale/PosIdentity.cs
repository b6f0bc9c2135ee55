namespace Lottopar.Client.WebSale;

/// <summary>A selling terminal as the protocol names it: <c>providercod</c>, <c>poscod</c> and the printer serial (<c>serialifa</c>).</summary>
/// <param name="ProviderCode">The provider (comercializador) LOTTOPAR registered, 1 to 999.</param>
/// <param name="PosCode">The POS (taquilla) registered under the provider, 1 to 99999.</param>
/// <param name="PrinterSerial">The serial of the POS's fiscal printer, 10 letters or digits.</param>
public sealed record PosIdentity(int ProviderCode, int PosCode, string PrinterSerial);
