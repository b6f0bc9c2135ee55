using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Operators;

namespace Lottopar.Silo.BackOffice;

/// <summary>The Portuguese names (text keys of <see cref="OfficeTexts"/>) of the platform's states and kinds, as the pages show them.</summary>
public static class OfficeNames
{
    public static string Of(OperatorStatus status) => status switch
    {
        OperatorStatus.Pending => "pendente",
        OperatorStatus.Active => "ativo",
        OperatorStatus.Suspended => "suspenso",
        _ => "revogado",
    };

    public static string Of(ApiKeyStatus status) => status switch
    {
        ApiKeyStatus.Active => "ativa",
        ApiKeyStatus.Rotated => "substituída (em carência)",
        _ => "revogada",
    };

    public static string Of(DeploymentEnvironment environment) => environment == DeploymentEnvironment.Production ? "produção" : "homologação";
}
