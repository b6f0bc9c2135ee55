namespace Lottopar.GrainInterfaces.Betting;

/// <summary>
/// The key of a player's grain, from the player's CPF (normalised: eleven digits). The one place
/// that makes it: today the CPF itself, masked wherever a grain id is written (logs, metrics);
/// once the player grain runs on Orleans, which writes grain ids unmasked into its logs, traces
/// and dashboard, it becomes a keyed hash of the CPF and only this function changes.
/// </summary>
public static class PlayerGrainKey
{
    public static string Of(string normalizedCpf) => normalizedCpf;
}
