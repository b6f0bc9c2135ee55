namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>
/// What a 26-digit webSale ticket number is made of (the check digit is not kept: it is derived).
/// </summary>
/// <param name="SaleDate">The sale's calendar day in America/Sao_Paulo.</param>
/// <param name="ProviderCode">The provider's <c>providercod</c>, 1 to 999.</param>
/// <param name="PosCode">The point of sale's <c>poscod</c>, 1 to 99999.</param>
/// <param name="Sequence">The ticket's sequence number, 1 to 999,999,999.</param>
public sealed record TicketNumberParts(DateOnly SaleDate, int ProviderCode, int PosCode, long Sequence);
