using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Payments;

/// <summary>
/// An operator's transactional account at its PSP (keyed by OPRID): the money its players deposit
/// goes there, apart from the operator's other funds. Set by LOTTOPAR admins, audited; the client
/// secret and the private key are kept encrypted.
/// </summary>
public interface IPspAccountGrain : Orleans.IGrainWithStringKey
{
    /// <summary>The account without its secrets; null when none is set.</summary>
    Task<PspAccountView?> GetAsync();

    Task<PspAccountView> SetAsync(PixAccountSettings settings, Actor actor);

    /// <summary>The settings with their secrets, for the silo's PSP client; null when none is set.</summary>
    Task<PixAccountSettings?> GetSettingsAsync();
}

/// <summary>What staff see of an operator's PSP account.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PspAccountView(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] string BaseUrl,
    [property: Orleans.Id(2)] string ClientId,
    [property: Orleans.Id(3)] string Chave,
    [property: Orleans.Id(4)] string ClientCertificateSubject,
    [property: Orleans.Id(5)] DateTimeOffset ClientCertificateNotAfter,
    [property: Orleans.Id(6)] string? ServerCaSubject,
    [property: Orleans.Id(7)] DateTimeOffset UpdatedAt);
