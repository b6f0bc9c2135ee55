using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;

namespace Lottopar.Grains.Payments;

/// <summary>What a cash-out request must be: the fields every payment has (<see cref="CashInRules.RequireCommon"/>). Amounts in centavos.</summary>
public static class CashOutRules
{
    /// <summary>The request with its CPF normalised, or a 422 naming every bad field.</summary>
    public static CashOutRequest Validate(CashOutRequest request)
    {
        var errors = new ValidationErrors();
        var cpf = CashInRules.RequireCommon(errors, request.Cpf, request.Amount, request.Reference, "payout");
        errors.ThrowIfAny();
        return request with { Cpf = cpf };
    }

    /// <summary>What the player's bank shows: "Saque" and the reference, within 140 characters.</summary>
    public static string PayeeMessage(string reference) => $"Saque {reference}";
}
