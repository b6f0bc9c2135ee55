using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.Grains.Validation;
using Lottopar.Grains.Vault;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Vault;

/// <summary>
/// The vault's files and receipts over REST. An operator (API key with scope "vault", or its staff)
/// sees its own files only: another operator's OPRID or file answers 404 as if it did not exist.
/// LOTTOPAR staff see every operator's, filtered by operator, hour and verdict.
/// </summary>
public static class VaultApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapVaultApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/vault").WithTags("Vault").RequireAuthorization(Policies.AnyCaller).RequireApiScope(ApiScope.Vault);
        group.MapGet("/files", ListFiles).WithName("ListVaultFiles").WithSummary("Files received, newest first (?oprid=&hour=&verdict=accepted|rejected&limit=).");
        group.MapGet("/files/{id:guid}", GetFile).WithName("GetVaultFile").WithSummary("One file with its receipt (the signed CMS, base64).");
        group.MapGet("/chain/verify", VerifyChain).WithName("VerifyVaultChain").WithSummary("Recomputes an operator's chain of accepted files from the stored hashes (?oprid=).");
        app.MapGet("/vault/certificate", GetCertificate).WithTags("Vault").AllowAnonymous().WithName("GetVaultCertificate")
            .WithSummary("LOTTOPAR's vault certificate (PEM): encrypt hourly files to it; it signs the receipts.");
        app.MapGet("/vault/sftp", GetSftpHostKey).WithTags("Vault").AllowAnonymous().WithName("GetVaultSftpHostKey")
            .WithSummary("The SFTP server's host key and its SHA256 fingerprint, for operators to pin.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<VaultFileSummary>>> ListFiles(
        string? oprid, DateTimeOffset? hour, string? verdict, int? limit, ClaimsPrincipal user, VaultFileStore store, CancellationToken cancellationToken)
    {
        bool? accepted = verdict switch
        {
            null => null,
            "accepted" => true,
            "rejected" => false,
            _ => throw DomainValidationException.For("verdict", "The verdict is accepted or rejected."),
        };
        if (limit is < 1 or > MaxLimit)
        {
            throw DomainValidationException.For("limit", $"The limit is between 1 and {MaxLimit}.");
        }

        var operatorFilter = user.IsLottoparStaff() ? oprid : user.Own(oprid ?? user.OpridOf() ?? "");
        var rows = await store.ListAsync(operatorFilter, hour, accepted, limit ?? DefaultLimit, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<VaultFileSummary>>([.. rows.Select(VaultFileSummary.Of)]);
    }

    public static async Task<Ok<VaultFileDetail>> GetFile(Guid id, ClaimsPrincipal user, VaultFileStore store, CancellationToken cancellationToken)
    {
        var row = await store.GetAsync(id, cancellationToken);
        if (row is null || !user.MaySee(row.Oprid))
        {
            throw new DomainNotFoundException($"No vault file has id {id}.");
        }

        return TypedResults.Ok(new VaultFileDetail(VaultFileSummary.Of(row), row.Counts, row.Errors, row.Chain, Convert.ToBase64String(row.Receipt)));
    }

    public static async Task<Ok<VaultChainCheck>> VerifyChain(string? oprid, ClaimsPrincipal user, VaultFileStore store, CancellationToken cancellationToken)
    {
        if (user.IsLottoparStaff() && string.IsNullOrEmpty(oprid))
        {
            throw DomainValidationException.For("oprid", "Name the operator whose chain to verify.");
        }

        var owner = user.Own(oprid ?? user.OpridOf() ?? "");
        var rows = await store.AcceptedFromAsync(owner, 1, cancellationToken);
        return TypedResults.Ok(VaultChainCheck.Of(owner, rows));
    }

    public static string GetCertificate(VaultKey key) => key.CertificatePem;

    public static Results<Ok<VaultSftpHostKey>, NotFound> GetSftpHostKey(IOptions<VaultOptions> options)
    {
        var file = options.Value.Directory is { } directory ? Path.Combine(directory, "etc", "ssh_host_ed25519_key.pub") : null;
        if (file is null || !File.Exists(file))
        {
            return TypedResults.NotFound();
        }

        return SshPublicKey.TryParse(File.ReadAllText(file), out var key, out _)
            ? TypedResults.Ok(new VaultSftpHostKey($"{key.Algorithm} {key.Base64Blob}", key.Fingerprint))
            : TypedResults.NotFound();
    }
}

/// <summary>The SFTP server's host key (an OpenSSH public key line without comment) and its fingerprint as ssh-keygen -l prints it.</summary>
public sealed record VaultSftpHostKey(string HostKey, string Fingerprint);

/// <summary>A file as listed: what its receipt says, without the counts and errors.</summary>
public sealed record VaultFileSummary(
    Guid Id, string Oprid, string FileName, string Sha256, long Size, DateTimeOffset ReceivedAt, string Verdict,
    long? Sequence, DateTimeOffset? Hour, int? Part, int? Parts, int Records, int ErrorCount, long? ChainPosition)
{
    public static VaultFileSummary Of(VaultFileRow row) => new(
        row.Id, row.Oprid, row.FileName, row.Sha256, row.SizeBytes, row.ReceivedAt, row.Accepted ? "accepted" : "rejected",
        row.Sequence, row.Hour, row.Part, row.Parts, row.RecordCount, row.ErrorCount, row.Chain?.Position);
}

/// <summary>A file with everything its receipt holds, and the receipt itself as LOTTOPAR signed it (DER, base64).</summary>
public sealed record VaultFileDetail(
    VaultFileSummary File, IReadOnlyDictionary<string, VaultTypeCount> Counts, IReadOnlyList<VaultFileError> Errors, VaultChainEntry? Chain, string Receipt);

/// <summary>
/// An operator's chain recomputed from the stored hashes: valid when every accepted file, in chain
/// order, links to the one before (the first to genesis) and its value is SHA-256(previous ‖ file hash ‖ sequence).
/// </summary>
public sealed record VaultChainCheck(string Oprid, int Files, string Head, bool Valid, long? FirstBrokenPosition)
{
    public static VaultChainCheck Of(string oprid, IReadOnlyList<VaultFileRow> accepted)
    {
        var links = accepted.Select(r => new VaultChainLink(r.Chain!.Previous, r.Sha256, r.Sequence!.Value, r.Chain.Value)).ToList();
        var broken = VaultChain.FirstBrokenLink(links);
        for (var i = 0; broken is null && i < accepted.Count; i++)
        {
            broken = accepted[i].Chain!.Position == i + 1 ? null : i;
        }

        return new VaultChainCheck(oprid, accepted.Count, links.Count == 0 ? VaultChain.Genesis : links[^1].Value, broken is null,
            broken is { } index ? accepted[index].Chain!.Position : null);
    }
}
