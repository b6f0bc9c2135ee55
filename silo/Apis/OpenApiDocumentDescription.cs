using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Lottopar.Silo.Apis;

/// <summary>Titles the OpenAPI document and declares how callers authenticate.</summary>
public sealed class OpenApiDocumentDescription(IOptions<SiloOptions> silo) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Lottopar Actors";
        document.Info.Description =
            $"LOTTOPAR monitoring, payments and lottery-sale platform ({silo.Value.Environment.ToString().ToLowerInvariant()} environment). " +
            "Operators authenticate with an API key in the x-api-key header; LOTTOPAR and operator staff with a bearer token from POST /auth/login. " +
            "Errors are RFC 9457 problem details with a 'code' and, for invalid input, the failing fields in 'errors'.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            ["ApiKey"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "x-api-key", Description = "Operator API key" },
            ["StaffBearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "Staff session token from POST /auth/login" },
        };
        return Task.CompletedTask;
    }
}
