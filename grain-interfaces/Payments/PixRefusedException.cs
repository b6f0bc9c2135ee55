using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Payments;

/// <summary>
/// An operator's PSP refused the platform's request (a 4xx): its problem type, detail and
/// violations. Not retried: the request, or the operator's PSP account, must change (HTTP 502
/// "psp_refused"). It crosses silos with its fields.
/// </summary>
[Orleans.GenerateSerializer]
public sealed class PixRefusedException(int status, string type, string detail, IReadOnlyList<string> violations)
    : DomainException($"The PSP refused the request ({status} {type}): {detail} {string.Join("; ", violations)}")
{
    [Orleans.Id(0)]
    public int Status { get; private set; } = status;

    [Orleans.Id(1)]
    public string Type { get; private set; } = type;

    [Orleans.Id(2)]
    public List<string> Violations { get; private set; } = [.. violations];
}
