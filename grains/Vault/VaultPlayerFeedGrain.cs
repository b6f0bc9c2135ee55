using System.Xml.Linq;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Vault;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Lottopar.Grains.Vault;

/// <summary>
/// Applies the player records of an operator's accepted files to the players, file by file in
/// chain order, marking each file in the database once its players have it. At least once: a file
/// applied but not marked (a crash) is applied again, which the players take as the same
/// (<see cref="IPlayerGrain.ApplyVaultReportsAsync"/> is idempotent). Woken by the vault grain
/// after each accepted file and when it activates; holds no state of its own.
/// </summary>
[GrainType("vault_player_feed")]
public sealed class VaultPlayerFeedGrain(IVaultIntake intake, PersonalGrainKeys keys, ILogger<VaultPlayerFeedGrain> logger) : Grain, IVaultPlayerFeedGrain
{
    private const int PlayersAtOnce = 32;

    private string Oprid => this.GetPrimaryKeyString();

    public async Task WakeAsync()
    {
        try
        {
            IReadOnlyList<Guid> files;
            while ((files = await intake.UnfedFilesAsync(Oprid, CancellationToken.None)).Count > 0)
            {
                foreach (var fileId in files)
                {
                    await FeedAsync(fileId);
                    await intake.MarkFedAsync(fileId, CancellationToken.None);
                }
            }
        }
        catch (Exception error)
        {
            // The files stay unmarked: the next wake (the next accepted file, or the vault's next activation) goes on.
            logger.LogWarning(error, "Vault player feed of {Oprid} stopped; it resumes at the next wake", Oprid);
        }
    }

    private async Task FeedAsync(Guid fileId)
    {
        var byPlayer = (await intake.PlayerRecordsAsync(fileId, CancellationToken.None))
            .GroupBy(r => r.Cpf)
            .Select(g => (Cpf: g.Key, Reports: (IReadOnlyList<PlayerVaultReport>)[.. g.Select(r => VaultPlayerReports.From(Oprid, r.RecordId, r.At, XElement.Parse(r.Xml)))]))
            .ToList();
        foreach (var batch in byPlayer.Chunk(PlayersAtOnce))
        {
            await Task.WhenAll(batch.Select(p => GrainFactory.Keyed<IPlayerGrain>(keys.Player(p.Cpf)).ApplyVaultReportsAsync(p.Cpf, p.Reports)));
        }
    }
}
