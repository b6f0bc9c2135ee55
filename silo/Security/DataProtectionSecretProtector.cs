using Lottopar.Grains.Common;
using Microsoft.AspNetCore.DataProtection;

namespace Lottopar.Silo.Security;

/// <summary>
/// Encrypts secrets kept in grain state with ASP.NET Core Data Protection. Its keys live in
/// {DataDirectory}/keys, apart from the database: a dump of the database alone does not reveal
/// the authenticator secrets. Losing the keys means staff enrol their authenticators again.
/// </summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Lottopar.Staff.TotpSecret.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedText) => _protector.Unprotect(protectedText);
}
