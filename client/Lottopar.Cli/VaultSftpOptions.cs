using System.CommandLine;
using Lottopar.Client.Vault;

namespace Lottopar.Cli;

/// <summary>The options that reach the vault's SFTP account, shared by <c>vault push</c> and <c>load vault</c>.</summary>
internal sealed class VaultSftpOptions
{
    private readonly Option<string> _host = new("--host") { Description = "The vault's SFTP host", Required = true };
    private readonly Option<int> _port = new Option<int>("--port") { Description = "Its port", DefaultValueFactory = _ => 22 }.AtLeastOne();
    private readonly Option<string> _user = new("--user") { Description = "The operator's SFTP account (for example opr-000042)", Required = true };
    private readonly Option<FileInfo> _key = new("--key") { Description = "The account's private key (OpenSSH, ed25519 or RSA, unencrypted)", Required = true };
    private readonly Option<string> _fingerprint = new("--host-key-fingerprint")
    {
        Description = "The vault's host key, SHA256:… as ssh-keygen -l prints it; any other key is refused",
        Required = true,
    };

    public IEnumerable<Option> All => [_host, _port, _user, _key, _fingerprint];

    public VaultSftpTarget Target(ParseResult result) =>
        new(result.GetValue(_host)!, result.GetValue(_port), result.GetValue(_user)!, result.GetValue(_key)!.FullName, result.GetValue(_fingerprint)!);
}
