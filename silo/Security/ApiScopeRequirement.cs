using Lottopar.GrainInterfaces.Credentials;

namespace Lottopar.Silo.Security;

/// <summary>Endpoint metadata: the scope an API key needs for this route.</summary>
public sealed record RequiredApiScope(ApiScope Scope);

public static class ApiScopeEndpointExtensions
{
    /// <summary>API keys calling this route need <paramref name="scope"/>; the key check enforces it.</summary>
    public static TBuilder RequireApiScope<TBuilder>(this TBuilder builder, ApiScope scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredApiScope(scope));
}
