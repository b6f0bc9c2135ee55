namespace Lottopar.Silo;

/// <summary>The silo's own settings, bound from the "Lottopar" configuration section.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Lottopar";

    public const string ConnectionStringName = "Lottopar";

    /// <summary>Where the silo keeps files (the vault, later); created at start if missing.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>How long start-up waits for PostgreSQL to accept connections before giving up.</summary>
    public TimeSpan StartupDatabaseTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
