using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Payments;

/// <summary>A payment the rules refuse (HTTP 422 with the code and every reason): a player who may not deposit, a limit.</summary>
[Orleans.GenerateSerializer]
public sealed class PaymentRefusedException(string code, string message, IReadOnlyList<string> reasons) : DomainException(message)
{
    [Orleans.Id(0)]
    public string Code { get; private set; } = code;

    [Orleans.Id(1)]
    public List<string> Reasons { get; private set; } = [.. reasons];
}
