using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Silo.Cluster;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Apis.Admin;

/// <summary>
/// Onboarding and administration of operators, for LOTTOPAR admins: registration (issues the
/// OPRID), contact, license, status, lottery provider and POS terminals, vault credentials, API
/// keys. Every change is audited by the grain that makes it.
/// </summary>
public static class OperatorsAdminApi
{
    public static IEndpointRouteBuilder MapOperatorsAdminApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/admin/operators").WithTags("Admin: operators").RequireAuthorization(Policies.LottoparStaff).RequireKey("oprid", "operator");
        read.MapGet("/", ListOperators).WithName("ListOperators").WithSummary("Operators, optionally by status.");
        read.MapGet("/{oprid}", GetOperator).WithName("GetOperator").WithSummary("An operator with its lottery provider, vault credentials and API keys.");
        read.MapGet("/{oprid}/api-keys", ListApiKeys).WithName("ListApiKeys").WithSummary("The operator's API keys (prefix, scopes, dates; never the secret).");

        var admin = app.MapGroup("/admin/operators").WithTags("Admin: operators").RequireAuthorization(Policies.LottoparAdmin).RequireKey("oprid", "operator");
        admin.MapPost("/", RegisterOperator).WithName("RegisterOperator").WithSummary("Onboards an operator: issues its OPRID; it starts pending.");
        admin.MapPut("/{oprid}/contact", UpdateContact).WithName("UpdateOperatorContact");
        admin.MapPut("/{oprid}/license", UpdateLicense).WithName("UpdateOperatorLicense").WithSummary("Replaces the license; expiry reminders follow.");
        admin.MapPost("/{oprid}/status", ChangeStatus).WithName("ChangeOperatorStatus").WithSummary("pending -> active -> suspended -> revoked, with a reason.");
        admin.MapPut("/{oprid}/lottery-provider", ConfigureLotteryProvider).WithName("ConfigureLotteryProvider")
            .WithSummary("Provider code (providercod), allowed client addresses, enabled flag.");
        admin.MapPost("/{oprid}/pos", RegisterPos).WithName("RegisterPos").WithSummary("Registers a POS terminal: its poscod, printer serial (serialifa) and whether it is the administrative POS.");
        admin.MapPut("/{oprid}/pos/{posCode}", UpdatePos).WithName("UpdatePos").WithSummary("Activates or deactivates a POS, makes it administrative, or changes its printer serial.");
        admin.MapPost("/{oprid}/vault/ssh-keys", AddSshKey).WithName("AddVaultSshKey").WithSummary("Adds an SSH public key for the SFTP vault.");
        admin.MapPut("/{oprid}/vault/allowed-sources", SetVaultAllowedSources).WithName("SetVaultAllowedSources").WithSummary("Sets the addresses or CIDR networks SFTP logins may come from (the whole list; empty: any).");
        admin.MapDelete("/{oprid}/vault/ssh-keys", RemoveSshKey).WithName("RemoveVaultSshKey").WithSummary("Removes a key by its SHA256 fingerprint (?fingerprint=).");
        admin.MapPut("/{oprid}/vault/signing-certificate", SetSigningCertificate).WithName("SetVaultSigningCertificate");
        admin.MapPost("/{oprid}/api-keys", CreateApiKey).WithName("CreateApiKey").WithSummary("Issues an API key; the secret is in this response only.");
        admin.MapPost("/{oprid}/api-keys/{keyId}/rotate", RotateApiKey).WithName("RotateApiKey")
            .WithSummary("Issues a replacement; the old key keeps working for the grace period.");
        admin.MapDelete("/{oprid}/api-keys/{keyId}", RevokeApiKey).WithName("RevokeApiKey").WithSummary("Revokes a key at once.");
        return app;
    }

    public static async Task<Created<OperatorView>> RegisterOperator(OperatorRegistration registration, ReadModels readModels, Orleans.IGrainFactory grains, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var oprid = await readModels.NextOpridAsync(cancellationToken);
        var view = await grains.Keyed<IOperatorGrain>(oprid).RegisterAsync(registration, user.ToActor());
        return TypedResults.Created($"/admin/operators/{oprid}", view);
    }

    public static async Task<Ok<IReadOnlyList<OperatorSummary>>> ListOperators(string? status, ReadModels readModels, CancellationToken cancellationToken)
    {
        OperatorStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            filter = Enum.TryParse<OperatorStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw DomainValidationException.For("status", "One of: pending, active, suspended, revoked.");
        }

        return TypedResults.Ok(await readModels.OperatorsAsync(filter, cancellationToken));
    }

    public static async Task<Ok<OperatorDetails>> GetOperator(string oprid, Orleans.IGrainFactory grains)
    {
        var view = await grains.Keyed<IOperatorGrain>(oprid).GetAsync();
        return TypedResults.Ok(new OperatorDetails(
            view,
            await grains.Keyed<ILotteryProviderGrain>(oprid).GetAsync(),
            await grains.Keyed<IVaultCredentialsGrain>(oprid).GetAsync(),
            await grains.Keyed<IApiCredentialsGrain>(oprid).ListAsync()));
    }

    public static async Task<Ok<OperatorView>> UpdateContact(string oprid, ContactPerson contact, Orleans.IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await grains.Keyed<IOperatorGrain>(oprid).UpdateContactAsync(contact, user.ToActor()));

    public static async Task<Ok<OperatorView>> UpdateLicense(string oprid, License license, Orleans.IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await grains.Keyed<IOperatorGrain>(oprid).UpdateLicenseAsync(license, user.ToActor()));

    public static async Task<Ok<OperatorView>> ChangeStatus(string oprid, StatusChangeRequest request, Orleans.IGrainFactory grains, ClaimsPrincipal user)
    {
        if (request.Status is not { } status)
        {
            throw DomainValidationException.For("status", "One of: pending, active, suspended, revoked.");
        }

        return TypedResults.Ok(await grains.Keyed<IOperatorGrain>(oprid).ChangeStatusAsync(status, request.Reason ?? "", user.ToActor()));
    }

    public static async Task<Ok<LotteryProviderView>> ConfigureLotteryProvider(string oprid, LotteryProviderRequest request, Orleans.IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await grains.Keyed<ILotteryProviderGrain>(oprid).ConfigureAsync(request.ProviderCode ?? "", request.AllowedIps ?? [], request.Enabled ?? true, user.ToActor()));

    public static async Task<Ok<LotteryProviderView>> RegisterPos(string oprid, PosRequest request, Orleans.IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await grains.Keyed<ILotteryProviderGrain>(oprid).RegisterPosAsync(request.PosCode ?? "", request.PrinterSerial ?? "", request.Administrative ?? false, user.ToActor()));

    public static async Task<Ok<LotteryProviderView>> UpdatePos(string oprid, string posCode, PosUpdateRequest request, Orleans.IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await grains.Keyed<ILotteryProviderGrain>(oprid).UpdatePosAsync(posCode, request.Active, request.Administrative, request.PrinterSerial, user.ToActor()));

    public static async Task<Ok<VaultCredentialsView>> AddSshKey(string oprid, SshKeyRequest request, Orleans.IGrainFactory cluster, ClaimsPrincipal user) =>
        TypedResults.Ok(await cluster.Keyed<IVaultCredentialsGrain>(oprid).AddSshKeyAsync(request.PublicKey ?? "", user.ToActor()));

    public static async Task<Ok<VaultCredentialsView>> RemoveSshKey(string oprid, string fingerprint, Orleans.IGrainFactory cluster, ClaimsPrincipal user) =>
        TypedResults.Ok(await cluster.Keyed<IVaultCredentialsGrain>(oprid).RemoveSshKeyAsync(fingerprint, user.ToActor()));

    public static async Task<Ok<VaultCredentialsView>> SetVaultAllowedSources(string oprid, AllowedSourcesRequest request, Orleans.IGrainFactory cluster, ClaimsPrincipal user) =>
        TypedResults.Ok(await cluster.Keyed<IVaultCredentialsGrain>(oprid).SetAllowedSourcesAsync(request.AllowedSources ?? [], user.ToActor()));

    public static async Task<Ok<VaultCredentialsView>> SetSigningCertificate(string oprid, CertificateRequest request, Orleans.IGrainFactory cluster, ClaimsPrincipal user) =>
        TypedResults.Ok(await cluster.Keyed<IVaultCredentialsGrain>(oprid).SetSigningCertificateAsync(request.Pem ?? "", user.ToActor()));

    public static async Task<Ok<IReadOnlyList<ApiKeyView>>> ListApiKeys(string oprid, Orleans.IGrainFactory grains)
    {
        await grains.Keyed<IOperatorGrain>(oprid).GetAsync();
        return TypedResults.Ok(await grains.Keyed<IApiCredentialsGrain>(oprid).ListAsync());
    }

    public static async Task<Created<IssuedApiKey>> CreateApiKey(
        string oprid, CreateApiKeyRequest request, Orleans.IGrainFactory grains, ClaimsPrincipal user, IOptions<SiloOptions> silo)
    {
        var issued = await grains.Keyed<IApiCredentialsGrain>(oprid).CreateAsync(request.Environment ?? silo.Value.Environment, request.Scopes ?? [], user.ToActor());
        return TypedResults.Created($"/admin/operators/{oprid}/api-keys", issued);
    }

    public static async Task<Created<IssuedApiKey>> RotateApiKey(string oprid, string keyId, Orleans.IGrainFactory grains, ClaimsPrincipal user)
    {
        var issued = await grains.Keyed<IApiCredentialsGrain>(oprid).RotateAsync(keyId, user.ToActor());
        return TypedResults.Created($"/admin/operators/{oprid}/api-keys", issued);
    }

    public static async Task<Ok<ApiKeyView>> RevokeApiKey(string oprid, string keyId, Orleans.IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await grains.Keyed<IApiCredentialsGrain>(oprid).RevokeAsync(keyId, user.ToActor()));
}

public sealed record OperatorDetails(OperatorView Operator, LotteryProviderView LotteryProvider, VaultCredentialsView Vault, IReadOnlyList<ApiKeyView> ApiKeys);

public sealed record StatusChangeRequest(OperatorStatus? Status, string? Reason);

public sealed record LotteryProviderRequest(string? ProviderCode, IReadOnlyList<string>? AllowedIps, bool? Enabled);

public sealed record PosRequest(string? PosCode, string? PrinterSerial, bool? Administrative);

public sealed record PosUpdateRequest(bool? Active, bool? Administrative, string? PrinterSerial);

public sealed record SshKeyRequest(string? PublicKey);

public sealed record CertificateRequest(string? Pem);

public sealed record AllowedSourcesRequest(IReadOnlyList<string>? AllowedSources);

public sealed record CreateApiKeyRequest(DeploymentEnvironment? Environment, IReadOnlyList<string>? Scopes);
