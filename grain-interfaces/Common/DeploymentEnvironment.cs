namespace Lottopar.GrainInterfaces.Common;

/// <summary>
/// Which environment a deployment serves. Operators integrate in homologation first, then go to
/// production; each environment has its own credentials.
/// </summary>
[Orleans.GenerateSerializer]
public enum DeploymentEnvironment
{
    Homologation,
    Production,
}

public static class DeploymentEnvironments
{
    /// <summary>The short code in credentials ("hml", "prd").</summary>
    public static string Code(this DeploymentEnvironment environment) => environment switch
    {
        DeploymentEnvironment.Homologation => "hml",
        DeploymentEnvironment.Production => "prd",
        _ => throw new ArgumentOutOfRangeException(nameof(environment)),
    };

    public static bool TryParseCode(string code, out DeploymentEnvironment environment)
    {
        environment = code switch
        {
            "hml" => DeploymentEnvironment.Homologation,
            "prd" => DeploymentEnvironment.Production,
            _ => (DeploymentEnvironment)(-1),
        };
        return Enum.IsDefined(environment);
    }

    public static string Display(this DeploymentEnvironment environment) =>
        environment == DeploymentEnvironment.Homologation ? "homologation" : "production";
}
