using System.Security.Cryptography;
using System.Text;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Vault;

/// <summary>
/// What sshd's AuthorizedKeysCommand asks at every SFTP login (deploy/vault/authorized-keys.in):
/// the key lines of an account's operator, each <c>restrict</c>ed and, when the operator has an
/// allow-list, limited to it with <c>from=</c>. Nothing for an unknown account or an operator that
/// is not active, so a removed key or a suspension takes effect at the next login. Only for the
/// holder of the vault's keys token (the file deploy/vault-sftp.sh made): 404 without it.
/// </summary>
public static class VaultSftpKeysApi
{
    public const string TokenHeader = "X-Vault-Keys-Token";

    public static IEndpointRouteBuilder MapVaultSftpKeysApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/vault/sftp/authorized-keys", GetAuthorizedKeys).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> GetAuthorizedKeys(HttpContext context, string? user, Orleans.IGrainFactory grains, IOptions<VaultOptions> options)
    {
        if (!HoldsToken(context.Request.Headers[TokenHeader].ToString(), options.Value.KeysTokenFile))
        {
            return TypedResults.NotFound();
        }

        if (!VaultAccountNames.TryOprid(user, out var oprid))
        {
            return TypedResults.Text("", "text/plain");
        }

        try
        {
            var operatorView = await grains.Keyed<IOperatorGrain>(oprid).GetAsync();
            if (operatorView.Status != OperatorStatus.Active)
            {
                return TypedResults.Text("", "text/plain");
            }
        }
        catch (DomainNotFoundException)
        {
            return TypedResults.Text("", "text/plain");
        }

        var vault = await grains.Keyed<IVaultCredentialsGrain>(oprid).GetAsync();
        return TypedResults.Text(AuthorizedKeys(vault), "text/plain");
    }

    /// <summary>One authorized_keys line per key: no forwarding, no pty, and only from the allowed sources when there are any.</summary>
    public static string AuthorizedKeys(VaultCredentialsView vault)
    {
        var options = vault.AllowedSources.Count == 0 ? "restrict" : $"restrict,from=\"{string.Join(',', vault.AllowedSources)}\"";
        var lines = new StringBuilder();
        foreach (var key in vault.SshKeys)
        {
            lines.Append(options).Append(' ').Append(key.PublicKey).Append('\n');
        }

        return lines.ToString();
    }

    private static bool HoldsToken(string presented, string? tokenFile)
    {
        if (tokenFile is null || presented.Length == 0 || !File.Exists(tokenFile))
        {
            return false;
        }

        var expected = File.ReadAllText(tokenFile).Trim();
        return expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
    }
}
