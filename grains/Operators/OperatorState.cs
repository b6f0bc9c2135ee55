using Lottopar.GrainInterfaces.Operators;
using Lottopar.Providers.Abstractions;
using UniqueKey = Lottopar.Providers.Abstractions.UniqueKey;

namespace Lottopar.Grains.Operators;

public sealed class OperatorState : IHasOutbox, IHoldsUniqueKeys
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

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();

    /// <summary>Registration data that identifies one operator only, claimed with each write.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyCollection<UniqueKey> UniqueKeys => License is null || Contact is null
        ? []
        :
        [
            new UniqueKey(OperatorUniqueKeys.Cnpj, Cnpj),
            new UniqueKey(OperatorUniqueKeys.LicenseNumber, License.Number),
            new UniqueKey(OperatorUniqueKeys.ContactEmail, Contact.Email),
            new UniqueKey(OperatorUniqueKeys.ContactMobile, Contact.Mobile),
        ];
}
