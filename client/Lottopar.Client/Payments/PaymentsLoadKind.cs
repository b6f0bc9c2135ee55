namespace Lottopar.Client.Payments;

/// <summary>What a <see cref="PaymentsLoadRunner"/> sends, one call after another.</summary>
public enum PaymentsLoadKind
{
    /// <summary>A deposit of a new player (<c>POST /payments/cash-in</c>), then its status read until it is settled: the PSP pays it by itself (the sandbox's automatic payment).</summary>
    CashIn,

    /// <summary>A payout (<c>POST /payments/cash-out</c>) to a player whose payout account, their CPF as PIX key, was registered before the run.</summary>
    CashOut,

    /// <summary>A validation of a new valid CPF (<c>POST /cpf/validate</c>).</summary>
    Cpf,
}
