using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Validation;

namespace Lottopar.Grains.Payments;

/// <summary>What a cash-in request must be. Amounts in centavos.</summary>
public static class CashInRules
{
    /// <summary>R$ 1.000.000,00: the most one charge asks, or one payout sends.</summary>
    public const long MaxAmount = 100_000_000;

    public const int MinExpirySeconds = 60;
    public const int MaxExpirySeconds = 86_400;
    public const int DefaultExpirySeconds = 3_600;
    public const int MaxReferenceLength = 64;

    /// <summary>The request with its CPF normalised, or a 422 naming every bad field.</summary>
    public static CashInRequest Validate(CashInRequest request)
    {
        var errors = new ValidationErrors();
        var cpf = RequireCommon(errors, request.Cpf, request.Amount, request.Reference, "deposit");
        errors.Require(request.ExpiresInSeconds is >= MinExpirySeconds and <= MaxExpirySeconds, "expiresInSeconds",
            $"How long the charge may be paid, in seconds ({MinExpirySeconds} to {MaxExpirySeconds}).");
        errors.ThrowIfAny();
        return request with { Cpf = cpf };
    }

    /// <summary>The fields every payment request has: a CPF (answered normalised), an amount in centavos, the operator's reference.</summary>
    public static string RequireCommon(ValidationErrors errors, string? cpf, long amount, string? reference, string what)
    {
        errors.Require(Cpf.TryNormalize(cpf, out var normalized), "cpf", "A valid CPF (11 digits with their check digits).");
        errors.Require(amount is > 0 and <= MaxAmount, "amount", $"Centavos, from 1 to {MaxAmount}.");
        errors.Require(!string.IsNullOrWhiteSpace(reference) && reference.Length <= MaxReferenceLength && !reference.Any(char.IsControl),
            "reference", $"The operator's reference for this {what} (1 to {MaxReferenceLength} printable characters).");
        return normalized;
    }

    /// <summary>What the payer's app shows: "Depósito" and the reference, within the API Pix's 140 characters.</summary>
    public static string PayerMessage(string reference) => $"Depósito {reference}";
}
