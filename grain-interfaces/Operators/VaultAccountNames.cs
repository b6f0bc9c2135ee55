using System.Text.RegularExpressions;

namespace Lottopar.GrainInterfaces.Operators;

/// <summary>
/// An operator's SFTP account on the vault is its OPRID in lower case (<c>OPR-000042</c> logs in
/// as <c>opr-000042</c>): one OS account per operator, named so that an operator can tell it.
/// </summary>
public static partial class VaultAccountNames
{
    public static string Of(string oprid) => oprid.ToLowerInvariant();

    /// <summary>The OPRID of an account name, if it is one: what sshd passes is whatever the client typed.</summary>
    public static bool TryOprid(string? account, out string oprid)
    {
        oprid = "";
        if (account is null || !AccountPattern().IsMatch(account))
        {
            return false;
        }

        oprid = account.ToUpperInvariant();
        return true;
    }

    [GeneratedRegex("^opr-[0-9]{6,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();
}
