namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>
/// The most that may be sold on one number of one draw, per number type, in centavos (the
/// "cupo"). A record sells min(requested, what is left).
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record QuotaTable(
    [property: Orleans.Id(0)] long Triple,
    [property: Orleans.Id(1)] long Terminal,
    [property: Orleans.Id(2)] long TripleZodiac,
    [property: Orleans.Id(3)] long TerminalZodiac)
{
    public long For(NumberType type) => type switch
    {
        NumberType.Triple => Triple,
        NumberType.Terminal => Terminal,
        NumberType.TripleZodiac => TripleZodiac,
        NumberType.TerminalZodiac => TerminalZodiac,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a number type."),
    };
}

/// <summary>A change of a draw's quota, in centavos per number type; a type left out keeps its quota.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record QuotaChange(
    [property: Orleans.Id(0)] long? Triple,
    [property: Orleans.Id(1)] long? Terminal,
    [property: Orleans.Id(2)] long? TripleZodiac,
    [property: Orleans.Id(3)] long? TerminalZodiac);

/// <summary>What webSale sells and how much of each number: the catalog, the default quota and per-draw quotas.</summary>
/// <param name="DrawQuotas">Quotas of particular draws (by draw code); the others use <paramref name="DefaultQuota"/>.</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record LotterySettings(
    [property: Orleans.Id(0)] LotteryCatalog Catalog,
    [property: Orleans.Id(1)] QuotaTable DefaultQuota,
    [property: Orleans.Id(2)] IReadOnlyDictionary<string, QuotaTable> DrawQuotas)
{
    public QuotaTable QuotaOf(string drawCode) => DrawQuotas.TryGetValue(drawCode, out var quota) ? quota : DefaultQuota;
}

/// <summary>A sale a POS asked for, after the provider, POS, printer, invoice and frame checks passed.</summary>
/// <param name="InvoiceNumber">numfact: 8 digits.</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record TicketSale(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] int ProviderCode,
    [property: Orleans.Id(2)] int PosCode,
    [property: Orleans.Id(3)] string InvoiceNumber,
    [property: Orleans.Id(4)] IReadOnlyList<SaleRecord> Records);

[Orleans.GenerateSerializer]
public enum SaleStatus
{
    /// <summary>Every record sold in full.</summary>
    Sold,

    /// <summary>A ticket was issued, but at least one record sold less than asked (or nothing).</summary>
    PartiallySold,

    /// <summary>No record could sell anything: no ticket (webSale code 6).</summary>
    NothingAvailable,

    /// <summary>A draw of the ticket is past its closing time: no ticket (webSale code 7).</summary>
    DrawClosed,

    /// <summary>The POS already used this invoice number: no ticket (webSale code 13).</summary>
    InvoiceUsed,
}

/// <param name="SoldCents">Per record of the sale, in its order: the amount actually sold.</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record SaleOutcome(
    [property: Orleans.Id(0)] SaleStatus Status,
    [property: Orleans.Id(1)] string? TicketNumber,
    [property: Orleans.Id(2)] IReadOnlyList<long> SoldCents);

/// <summary>One record of a committed ticket, as stored: what was asked and what was sold.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record TicketLine(
    [property: Orleans.Id(0)] string DrawCode,
    [property: Orleans.Id(1)] NumberType Type,
    [property: Orleans.Id(2)] string Number,
    [property: Orleans.Id(3)] long RequestedCents,
    [property: Orleans.Id(4)] long SoldCents);

[Orleans.GenerateSerializer]
public enum TicketStatus
{
    Sold,
    Cancelled,
    Paid,
}

/// <summary>A committed ticket as the store holds it.</summary>
/// <param name="TurnKey">The key of the <c>ILotteryTurnGrain</c> that sold it.</param>
public sealed record LotteryTicket(
    string TicketNumber,
    string Oprid,
    int ProviderCode,
    int PosCode,
    string InvoiceNumber,
    string TurnKey,
    DateOnly SaleDate,
    DateTimeOffset SoldAt,
    IReadOnlyList<TicketLine> Lines,
    TicketStatus Status);

[Orleans.GenerateSerializer]
public enum CancellationStatus
{
    /// <summary>Cancelled now (webSale code 0).</summary>
    Cancelled,

    /// <summary>More than the cancellation window after the sale (code 2).</summary>
    TooLate,

    /// <summary>Already paid (code 3).</summary>
    AlreadyPaid,

    /// <summary>Already cancelled (code 4).</summary>
    AlreadyCancelled,

    /// <summary>No such ticket of this provider (code 5).</summary>
    UnknownTicket,
}

[Orleans.GenerateSerializer]
public enum CancellationReason
{
    /// <summary>A POS cancelling its sale (operation 1): within the cancellation window only.</summary>
    Pos,

    /// <summary>A provider's transaction check (operation 3): every later ticket it never confirmed.</summary>
    TransactionCheck,
}

[Orleans.GenerateSerializer]
public enum PaymentStatus
{
    /// <summary>Registered as paid (webSale code 0).</summary>
    Paid,

    /// <summary>Not a winning ticket, or its draws have no published result yet (code 1).</summary>
    NotWinning,

    /// <summary>Already paid (code 2).</summary>
    AlreadyPaid,

    /// <summary>No such ticket of this provider, or it was cancelled (code 3).</summary>
    UnknownTicket,
}

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PaymentOutcome(
    [property: Orleans.Id(0)] PaymentStatus Status,
    [property: Orleans.Id(1)] long PrizeCents);

/// <summary>A draw's result as staff see it: the one waiting for confirmation, and the published one.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record DrawResultView(
    [property: Orleans.Id(0)] string DrawCode,
    [property: Orleans.Id(1)] DateOnly Day,
    [property: Orleans.Id(2)] DrawResult? Pending,
    [property: Orleans.Id(3)] string? EnteredBy,
    [property: Orleans.Id(4)] DateTimeOffset? EnteredAt,
    [property: Orleans.Id(5)] DrawResult? Published,
    [property: Orleans.Id(6)] string? ConfirmedBy,
    [property: Orleans.Id(7)] DateTimeOffset? PublishedAt);

/// <summary>
/// Stream events of the "lottery" namespace (stream key: the provider code); the ticket store archives
/// them by these names, which are stored with each event and never change with a type's name.
/// </summary>
public static class LotteryStreams
{
    public const string Namespace = "lottery";

    public const string TicketSoldEvent = "TicketSold";

    public const string TicketCancelledEvent = "TicketCancelled";

    public const string TicketPaidEvent = "TicketPaid";
}

/// <summary>A ticket committed by its turn grain.</summary>
[Lottopar.Providers.Abstractions.StreamEventName(LotteryStreams.TicketSoldEvent)]
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record TicketSold(
    [property: Orleans.Id(0)] string TicketNumber,
    [property: Orleans.Id(1)] string Oprid,
    [property: Orleans.Id(2)] int ProviderCode,
    [property: Orleans.Id(3)] int PosCode,
    [property: Orleans.Id(4)] string InvoiceNumber,
    [property: Orleans.Id(5)] string LotteryCode,
    [property: Orleans.Id(6)] int Turn,
    [property: Orleans.Id(7)] DateOnly SaleDate,
    [property: Orleans.Id(8)] DateTimeOffset SoldAt,
    [property: Orleans.Id(9)] long TotalCents,
    [property: Orleans.Id(10)] IReadOnlyList<TicketLine> Lines);

/// <summary>A ticket cancelled by its turn grain (its sold amounts return to the quotas).</summary>
public sealed record TicketCancelled(string TicketNumber, int ProviderCode, DateTimeOffset CancelledAt, CancellationReason Reason);

/// <summary>A winning ticket registered as paid by its turn grain.</summary>
public sealed record TicketPaid(string TicketNumber, int ProviderCode, DateTimeOffset PaidAt, long PrizeCents);
