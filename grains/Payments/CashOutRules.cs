using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Validation;

namespace Lottopar.Grains.Payments;

/// <summary>What a cash-out request must be. Amounts in centavos.</summary>
public static class CashOutRules
{
    /// <summary>R$ 1.000.000,00: the most one payout sends.</summary>
    public const long MaxAmount = 100_000_000;

    public const int MaxReferenceLength = 64;

    /// <summary>The request with its CPF normalised, or a 422 naming every bad field.</summary>
    public static CashOutRequest Validate(CashOutRequest request)
    {
        var errors = new ValidationErrors();
        var cpfValid = Cpf.TryNormalize(request.Cpf, out var cpf);
        errors.Require(cpfValid, "cpf", "A valid CPF (11 digits with their check digits).");
        errors.Require(request.Amount is > 0 and <= MaxAmount, "amount", $"Centavos, from 1 to {MaxAmount}.");
        errors.Require(!string.IsNullOrWhiteSpace(request.Reference) && request.Reference.Length <= MaxReferenceLength && !request.Reference.Any(char.IsControl),
            "reference", $"The operator's reference for this payout (1 to {MaxReferenceLength} printable characters).");
        errors.ThrowIfAny();
        return request with { Cpf = cpf };
    }

    /// <summary>What the player's bank shows: "Saque" and the reference, within 140 characters.</summary>
    public static string PayeeMessage(string reference) => $"Saque {reference}";
}
