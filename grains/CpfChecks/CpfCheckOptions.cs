namespace Lottopar.Grains.CpfChecks;

/// <summary>CPF checks; bound from the "Lottopar:Cpf" configuration section.</summary>
public sealed class CpfCheckOptions
{
    public const string SectionName = "Lottopar:Cpf";

    /// <summary>
    /// How long a player grain keeps the registry's answer and LOTTOPAR's lists before asking again.
    /// A change to the lists drops it at once; the operators' self-exclusions are never cached.
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>CPF checks one operator may ask in a minute (a check is not a lookup service).</summary>
    public int ChecksPerMinutePerOperator { get; set; } = 6000;
}
