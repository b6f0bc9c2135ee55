using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Operators;

/// <summary>
/// An operator as a lottery provider (keyed by OPRID): its provider code (providercod, unique,
/// 1-3 digits), whether it may sell, the client addresses allowed to call the sale service, and
/// its POS terminals (see <see cref="PosTerminal"/>).
/// </summary>
public interface ILotteryProviderGrain : Orleans.IGrainWithStringKey
{
    Task<LotteryProviderView> GetAsync();

    Task<LotteryProviderView> ConfigureAsync(string providerCode, IReadOnlyList<string> allowedIps, bool enabled, Actor actor);

    /// <summary>Registers a POS; making it administrative takes that role from any other POS of the provider.</summary>
    Task<LotteryProviderView> RegisterPosAsync(string posCode, string printerSerial, bool administrative, Actor actor);

    /// <summary>Changes what is given (null leaves it): active, administrative, the printer serial.</summary>
    Task<LotteryProviderView> UpdatePosAsync(string posCode, bool? active, bool? administrative, string? printerSerial, Actor actor);
}

/// <summary>An operator's vault credentials (keyed by OPRID), used by the SFTP vault.</summary>
public interface IVaultCredentialsGrain : Orleans.IGrainWithStringKey
{
    Task<VaultCredentialsView> GetAsync();

    /// <summary>Adds an SSH public key (one OpenSSH line); a key may belong to one operator only.</summary>
    Task<VaultCredentialsView> AddSshKeyAsync(string publicKey, Actor actor);

    Task<VaultCredentialsView> RemoveSshKeyAsync(string fingerprint, Actor actor);

    /// <summary>Sets the X.509 certificate (PEM) whose key signs the operator's vault files.</summary>
    Task<VaultCredentialsView> SetSigningCertificateAsync(string pem, Actor actor);

    /// <summary>Sets the addresses or CIDR networks the operator's SFTP logins may come from (the whole list; empty: any).</summary>
    Task<VaultCredentialsView> SetAllowedSourcesAsync(IReadOnlyList<string> sources, Actor actor);
}
