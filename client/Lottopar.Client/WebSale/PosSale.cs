namespace Lottopar.Client.WebSale;

/// <summary>One generated sale of a load run: which terminal sells what, with which invoice number.</summary>
/// <param name="Frame">The <c>data</c> to send: <paramref name="Line"/> as a one-record frame.</param>
public sealed record PosSale(PosIdentity Pos, SaleLine Line, string Frame, string InvoiceNumber);
