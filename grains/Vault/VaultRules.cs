namespace Lottopar.Grains.Vault;

/// <summary>The vault's rules that LOTTOPAR sets (bound from <c>Lottopar:Vault</c>).</summary>
public sealed class VaultRules
{
    public const string SectionName = "Lottopar:Vault";

    /// <summary>How long after an hour ends its file may still come before the hour is missing (and the file late).</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often each watched operator's vault looks for missing hours.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}
