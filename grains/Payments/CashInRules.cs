using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Validation;

namespace Lottopar.Grains.Payments;

/// <summary>What a cash-in request must be. Amounts in centavos.</summary>
public static class CashInRules
{
    /// <summary>R$ 1.000.000,00: the most one charge asks.</summary>
    public const long MaxAmount = 100_000_000;

    public const int MinExpirySeconds = 60;
    public const int MaxExpirySeconds = 86_400;
    public const int DefaultExpirySeconds = 3_600;
    public const int MaxReferenceLength = 64;

    /// <summary>The request with its CPF normalised, or a 422 naming every bad field.</summary>
    public static CashInRequest Validate(CashInRequest request)
    {
        var errors = new ValidationErrors();
        var cpfValid = Cpf.TryNormalize(request.Cpf, out var cpf);
        errors.Require(cpfValid, "cpf", "A valid CPF (11 digits with their check digits).");
        errors.Require(request.Amount is > 0 and <= MaxAmount, "amount", $"Centavos, from 1 to {MaxAmount}.");
        errors.Require(!string.IsNullOrWhiteSpace(request.Reference) && request.Reference.Length <= MaxReferenceLength && !request.Reference.Any(char.IsControl),
            "reference", $"The operator's reference for this deposit (1 to {MaxReferenceLength} printable characters).");
        errors.Require(request.ExpiresInSeconds is >= MinExpirySeconds and <= MaxExpirySeconds, "expiresInSeconds",
            $"How long the charge may be paid, in seconds ({MinExpirySeconds} to {MaxExpirySeconds}).");
        errors.ThrowIfAny();
        return request with { Cpf = cpf };
    }

    /// <summary>What the payer's app shows: "Depósito" and the reference, within the API Pix's 140 characters.</summary>
    public static string PayerMessage(string reference) => $"Depósito {reference}";
}
