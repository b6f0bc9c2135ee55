namespace Lottopar.GrainInterfaces.Credentials;

/// <summary>What an API key may do. On the wire: betting-events, payments, cpf, lottery, vault, read, integrity.</summary>
[Orleans.GenerateSerializer]
public enum ApiScope
{
    BettingEvents,
    Payments,
    Cpf,
    Lottery,
    Vault,
    Read,

    /// <summary>Answering the integrity alerts about the operator's business.</summary>
    Integrity,
}

public static class ApiScopes
{
    private static readonly Dictionary<ApiScope, string> Names = new()
    {
        [ApiScope.BettingEvents] = "betting-events",
        [ApiScope.Payments] = "payments",
        [ApiScope.Cpf] = "cpf",
        [ApiScope.Lottery] = "lottery",
        [ApiScope.Vault] = "vault",
        [ApiScope.Read] = "read",
        [ApiScope.Integrity] = "integrity",
    };

    public static string WireName(this ApiScope scope) => Names[scope];

    public static bool TryParse(string? name, out ApiScope scope)
    {
        foreach (var (value, wire) in Names)
        {
            if (wire == name)
            {
                scope = value;
                return true;
            }
        }

        scope = default;
        return false;
    }

    public static IReadOnlyList<string> All => [.. Names.Values];
}
