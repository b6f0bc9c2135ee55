using Lottopar.GrainInterfaces.Common;

namespace Lottopar.Grains.Common;

/// <summary>Which environment this deployment serves (from the silo's configuration).</summary>
public sealed record DeploymentContext(DeploymentEnvironment Environment);
