namespace Lottopar.GrainInterfaces.Vault;

/// <summary>An operator's vault (keyed by OPRID): the one place its files are judged, in turn, and its chain grows.</summary>
public interface IVaultGrain : Orleans.IGrainWithStringKey
{
    /// <summary>
    /// Reads one completed upload, accepts or rejects it whole, keeps it and its signed receipt,
    /// and puts the receipt in the operator's <c>receipts/</c>. The same bytes again get the first answer.
    /// </summary>
    [Orleans.ResponseTimeout("00:10:00")]
    Task<VaultIngested> IngestAsync(VaultUpload upload);

    Task<VaultStatus> GetStatusAsync();

    /// <summary>Starts watching the operator: it owes a file for every hour from the next one on; a reminder sweeps for missing hours.</summary>
    Task WatchAsync();

    /// <summary>Reports each hour whose deadline passed without all its parts, once (what the reminder runs).</summary>
    Task SweepAsync();
}

/// <summary>
/// An operator's player feed (keyed by OPRID): applies the registrations, updates and
/// self-exclusions of its accepted vault files to the player grains, in chain order, beside the
/// vault grain so that judging the next file does not wait for the players.
/// </summary>
public interface IVaultPlayerFeedGrain : Orleans.IGrainWithStringKey
{
    /// <summary>Works through the files not yet fed; returns at once (one-way).</summary>
    [Orleans.Concurrency.OneWay]
    Task WakeAsync();
}
