namespace Lottopar.Grains.Common;

/// <summary>
/// Encrypts secrets kept in grain state (authenticator keys) so a database dump does not reveal
/// them. The silo implements it with ASP.NET Core Data Protection.
/// </summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    string Unprotect(string protectedText);
}
