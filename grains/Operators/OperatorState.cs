using Lottopar.GrainInterfaces.Operators;

namespace Lottopar.Grains.Operators;

public sealed class OperatorState
{
    public string LegalName { get; set; } = "";

    public string Cnpj { get; set; } = "";

    public License? License { get; set; }

    public ContactPerson? Contact { get; set; }

    public OperatorStatus Status { get; set; }

    public List<StatusChange> StatusHistory { get; set; } = [];

    public List<LicenseWarning> LicenseWarnings { get; set; } = [];

    public DateTimeOffset RegisteredAt { get; set; }

    public string RegisteredBy { get; set; } = "";
}
