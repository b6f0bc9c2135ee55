namespace Lottopar.Client.Vault;

/// <summary>Header fields as far as they are known, from a JSON-lines header line or the command line; <see cref="Over"/> lets the latter win.</summary>
public sealed record VaultHeaderFields(
    string? Oprid = null, DateTimeOffset? Hour = null, long? Sequence = null, int? Part = null, int? Parts = null, DateTimeOffset? CreatedAt = null)
{
    /// <summary>These fields where given, <paramref name="fallback"/>'s elsewhere.</summary>
    public VaultHeaderFields Over(VaultHeaderFields? fallback) => fallback is null ? this : new(
        Oprid ?? fallback.Oprid, Hour ?? fallback.Hour, Sequence ?? fallback.Sequence,
        Part ?? fallback.Part, Parts ?? fallback.Parts, CreatedAt ?? fallback.CreatedAt);

    /// <summary>
    /// The complete header: oprid, hour and sequence are required; part and parts default to 1, and
    /// created_at to <paramref name="now"/> but never before the hour ends.
    /// </summary>
    public VaultFileHeader Complete(DateTimeOffset now)
    {
        var hour = Hour ?? throw new ArgumentException("The hour is missing (header line or --hour).");
        var createdAt = CreatedAt ?? (now < hour.AddHours(1) ? hour.AddHours(1) : now);
        var header = new VaultFileHeader(
            Oprid ?? throw new ArgumentException("The oprid is missing (header line or --oprid)."),
            hour,
            Sequence ?? throw new ArgumentException("The sequence is missing (header line or --sequence)."),
            Part ?? 1, Parts ?? 1, createdAt);
        header.Validate();
        return header;
    }
}
