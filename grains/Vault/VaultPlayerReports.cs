using System.Globalization;
using System.Xml.Linq;
using Lottopar.GrainInterfaces.Betting;

namespace Lottopar.Grains.Vault;

/// <summary>
/// Reads what a stored vault record says about a player (registration, registration_update,
/// self_exclusion; docs/vault-format.md 6.1 to 6.3) into a <see cref="PlayerVaultReport"/>. The
/// records were validated against the schema when their file was accepted.
/// </summary>
public static class VaultPlayerReports
{
    private static readonly XNamespace Ns = VaultFileReader.Namespace;

    /// <summary>The record types that change a player (wire names).</summary>
    public static IReadOnlyList<string> Types { get; } =
        [VaultRecordType.Registration.WireName(), VaultRecordType.RegistrationUpdate.WireName(), VaultRecordType.SelfExclusion.WireName()];

    public static PlayerVaultReport From(string oprid, string recordId, DateTimeOffset at, XElement record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Name.LocalName == VaultRecordType.SelfExclusion.WireName())
        {
            var startsAt = DateTimeOffset.Parse(Text(record, "starts_at")!, CultureInfo.InvariantCulture);
            var duration = record.Element(Ns + "duration");
            DateTimeOffset? until = duration is null ? null : startsAt + Length(duration);
            return new PlayerVaultReport(oprid, recordId, at, null, new PlayerSelfExclusionReport(startsAt, until, Text(record, "source")!));
        }

        var address = record.Element(Ns + "address");
        var identity = record.Element(Ns + "identity_verification");
        var account = record.Element(Ns + "account_status");
        var limits = record.Element(Ns + "limits");
        return new PlayerVaultReport(oprid, recordId, at, new PlayerProfileReport(
            Text(record, "name"),
            Text(record, "birth_date") is { } birth ? DateOnly.Parse(birth, CultureInfo.InvariantCulture) : null,
            Text(record, "email"),
            Text(record, "phone"),
            address is null ? null : Text(address, "city"),
            address is null ? null : Text(address, "state"),
            account is null ? null : Text(account, "status"),
            account is null ? null : Text(account, "reason"),
            identity is null ? null : Text(identity, "method"),
            identity is null ? null : DateTimeOffset.Parse(Text(identity, "verified_at")!, CultureInfo.InvariantCulture),
            limits?.Elements(Ns + "limit").Select(l => new PlayerLimit(
                Text(l, "kind")!, Text(l, "period")!, long.Parse(Text(l, "amount")!, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(Text(l, "since")!, CultureInfo.InvariantCulture))).ToList()), null);
    }

    private static TimeSpan Length(XElement duration)
    {
        var value = int.Parse(duration.Value, CultureInfo.InvariantCulture);
        return (string?)duration.Attribute("unit") switch
        {
            "minutes" => TimeSpan.FromMinutes(value),
            "hours" => TimeSpan.FromHours(value),
            "days" => TimeSpan.FromDays(value),
            "weeks" => TimeSpan.FromDays(7 * value),
            var unit => throw new FormatException($"Unknown duration unit {unit}."),
        };
    }

    private static string? Text(XElement parent, string name) => parent.Element(Ns + name)?.Value;
}
