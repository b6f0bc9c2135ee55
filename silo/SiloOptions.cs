using Lottopar.GrainInterfaces.Common;

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

    /// <summary>
    /// Which environment this deployment serves: homologation (operators' integration tests) or
    /// production. Shown in every response header and in /health; API keys of the other
    /// environment are refused.
    /// </summary>
    public DeploymentEnvironment Environment { get; set; } = DeploymentEnvironment.Homologation;

    /// <summary>How long a staff session lasts after sign-in.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
