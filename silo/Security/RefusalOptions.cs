namespace Lottopar.Silo.Security;

/// <summary>How refused access attempts are recorded and limited; bound from "Lottopar:Refusals".</summary>
public sealed class RefusalOptions
{
    public const string SectionName = "Lottopar:Refusals";

    /// <summary>
    /// The window of the security log: the first refusal of a kind (operator, code, client address)
    /// is recorded at once, the ones after it in the window as one row with their count.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Refused credentials from one address in a window before that address is answered 429 without any check.</summary>
    public int PerAddress { get; set; } = 30;

    /// <summary>Kinds of refusal tracked at once; beyond it, new kinds are counted together (a flood from many addresses).</summary>
    public int MaxTracked { get; set; } = 50_000;
}
