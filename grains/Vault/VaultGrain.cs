using System.Text.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Security;
using Lottopar.GrainInterfaces.Vault;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Grains.Vault;

/// <summary>
/// An operator's vault: judges its files one at a time (the intake does the heavy reading), keeps
/// the <see cref="VaultLedger"/> and the chain, and tells the integrity module through the vault
/// stream (and the security stream for a security violation), the events committed with its state.
/// The database is the arbiter: a file's row takes its chain place once, and a vault that crashed
/// between the row and its own state catches up from the rows when it next wakes.
/// </summary>
[GrainType("vault")]
public sealed class VaultGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<VaultGrainState> state,
    IVaultIntake intake,
    TimeProvider clock,
    DeploymentContext deployment,
    IOptions<VaultRules> rules) : Grain, IVaultGrain, IRemindable
{
    private const string SweepReminder = "vault-sweep";

    private VaultGrainState State => state.State;

    private string Oprid => this.GetPrimaryKeyString();

    private TimeSpan Grace => rules.Value.Grace;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var missed = await intake.AcceptedFromAsync(Oprid, State.ChainLength + 1, cancellationToken);
        foreach (var row in missed)
        {
            var decision = VaultLedger.Accept(State.Ledger, LedgerFileOf(row), Grace);
            State.ChainLength = row.Chain!.Position;
            PublishAccepted(row, decision);
        }

        if (missed.Count > 0)
        {
            await state.WriteStateAsync(cancellationToken);
        }

        // Files accepted before a crash may not have reached their players yet.
        await GrainFactory.Keyed<IVaultPlayerFeedGrain>(Oprid).WakeAsync();
    }

    public async Task<VaultIngested> IngestAsync(VaultUpload upload)
    {
        if (await intake.ReadAsync(upload, CancellationToken.None) is not { } content)
        {
            return new VaultIngested(Guid.Empty, Accepted: false, Repeat: true, []);
        }

        var sha256 = content.Sha256;
        if (await intake.FindAsync(Oprid, sha256, CancellationToken.None) is { } known)
        {
            await intake.DeliverAsync(upload, known, CancellationToken.None);
            return Answer(known, repeat: true);
        }

        var credentials = await GrainFactory.Keyed<IVaultCredentialsGrain>(Oprid).GetAsync();
        IReadOnlyList<string> signers = credentials.SigningCertificate is { } certificate ? [certificate.Pem] : [];
        var fileId = Guid.CreateVersion7(upload.ReceivedAt);
        if (content.Bytes is not { } file)
        {
            return await RejectAsync(upload, Signed(new VaultFileRow(fileId, Oprid, upload.FileName, sha256, content.Size, upload.ReceivedAt, false,
                null, null, null, null, 0, new Dictionary<string, VaultTypeCount>(), 1,
                [new VaultFileError("too_large", null, null, null, $"The file has {content.Size} bytes; split the hour into parts.")], null, [])));
        }

        await using var staged = await intake.StageAsync(Oprid, fileId, file, signers, upload.ReceivedAt, CancellationToken.None);
        var header = staged.Check?.Header;
        var row = new VaultFileRow(fileId, Oprid, upload.FileName, sha256, file.LongLength, upload.ReceivedAt, false,
            header?.Sequence, header?.Hour, header?.Part, header?.Parts, staged.Check?.RecordCount ?? 0, staged.Counts,
            staged.EnvelopeError is null ? staged.Check!.ErrorCount : 1, staged.EnvelopeError is { } refused ? [refused] : staged.Check!.Errors, null, []);
        if (row.ErrorCount == 0)
        {
            var ledger = Copy(State.Ledger);
            var decision = VaultLedger.Accept(ledger, LedgerFileOf(row), Grace);
            if (decision.Refusal is { } refusal)
            {
                row = Refused(row, refusal);
            }
            else
            {
                var accepted = Signed(row with { Accepted = true, Chain = new VaultChainEntry(State.ChainLength + 1, decision.Link!.Previous, decision.Link.Value) });
                switch (await staged.CommitAsync(accepted, CancellationToken.None))
                {
                    case VaultSaveOutcome.Stored:
                        State.Ledger = ledger;
                        State.ChainLength++;
                        PublishAccepted(accepted, decision);
                        PublishWalletMismatches(accepted, staged);
                        await state.WriteStateAsync();
                        await intake.DeliverAsync(upload, accepted, CancellationToken.None);
                        await GrainFactory.Keyed<IVaultPlayerFeedGrain>(Oprid).WakeAsync();
                        return Answer(accepted, repeat: false);
                    case VaultSaveOutcome.Repeat:
                        var first = (await intake.FindAsync(Oprid, sha256, CancellationToken.None))!;
                        await intake.DeliverAsync(upload, first, CancellationToken.None);
                        return Answer(first, repeat: true);
                    case VaultSaveOutcome.SequenceConflict:
                        // Another activation extended the chain: this one's state is stale, so start afresh.
                        DeactivateOnIdle();
                        row = Refused(row, new VaultFileError("sequence_conflict", null, null, "sequence", $"Sequence {row.Sequence} (or this chain place) was taken by another file; send it again."));
                        break;
                    default:
                        row = Refused(row, new VaultFileError("duplicate_record_id", null, null, "id", "A record id of this file belongs to a record of an earlier accepted file."));
                        break;
                }
            }
        }

        return await RejectAsync(upload, Signed(row));
    }

    public Task<VaultStatus> GetStatusAsync() => Task.FromResult(new VaultStatus(
        Oprid, State.Ledger.HighestSequence, [.. State.Ledger.MissingSequences], State.ChainLength, State.Ledger.ChainHead, State.Ledger.CompleteBefore,
        [.. State.Ledger.Hours.Where(h => h.Value.ReportedMissing && !h.Value.Complete).Select(h => h.Key)]));

    public async Task WatchAsync()
    {
        if (State.WatchedFrom is null)
        {
            var now = clock.GetUtcNow();
            State.WatchedFrom = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
            await state.WriteStateAsync();
        }

        if (await this.GetReminder(SweepReminder) is null)
        {
            await this.RegisterOrUpdateReminder(SweepReminder, rules.Value.SweepInterval, rules.Value.SweepInterval);
        }
    }

    public async Task SweepAsync()
    {
        if (State.WatchedFrom is not { } watchedFrom)
        {
            return;
        }

        var before = State.Ledger.CompleteBefore;
        var now = clock.GetUtcNow();
        var missing = VaultLedger.Sweep(State.Ledger, watchedFrom, now, Grace);
        foreach (var hour in missing)
        {
            Publish(VaultStreams.MissingHour, new VaultEvent(now, Oprid, VaultStreams.MissingHour, $"No complete file for the hour {hour.Hour:u} by its deadline.", Hour: hour.Hour));
        }

        if (missing.Count > 0 || before != State.Ledger.CompleteBefore)
        {
            await state.WriteStateAsync();
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName == SweepReminder ? SweepAsync() : Task.CompletedTask;

    private async Task<VaultIngested> RejectAsync(VaultUpload upload, VaultFileRow rejected)
    {
        if (await intake.SaveRejectedAsync(rejected, CancellationToken.None) == VaultSaveOutcome.Repeat)
        {
            var first = (await intake.FindAsync(Oprid, rejected.Sha256, CancellationToken.None))!;
            await intake.DeliverAsync(upload, first, CancellationToken.None);
            return Answer(first, repeat: true);
        }

        var codes = rejected.Errors.Select(e => e.Code).Distinct().ToList();
        var security = codes.FirstOrDefault(VaultEnvelope.SecurityCodes.Contains);
        var kind = security is null ? VaultStreams.InvalidFile : VaultStreams.SecurityViolation;
        Publish(kind, new VaultEvent(rejected.ReceivedAt, Oprid, kind, $"{rejected.FileName} was rejected: {rejected.Errors[0].Message}",
            rejected.Id, rejected.Hour, rejected.Sequence, codes));
        if (security is not null)
        {
            var refusal = new AccessRefused(rejected.ReceivedAt, Oprid, null, $"vault_{security}", $"{rejected.FileName}: {rejected.Errors[0].Message}",
                null, $"sftp:incoming/{rejected.FileName}", deployment.Environment);
            State.Outbox.Publish(new StreamId(SecurityStreams.Namespace, Oprid), nameof(AccessRefused), refusal, rejected.ReceivedAt);
        }

        await state.WriteStateAsync();
        await intake.DeliverAsync(upload, rejected, CancellationToken.None);
        return Answer(rejected, repeat: false);
    }

    /// <summary>Daily wallets that do not add up do not reject the file (docs/vault-format.md 6.9): they are told to the integrity module.</summary>
    private void PublishWalletMismatches(VaultFileRow row, IVaultStagedFile staged)
    {
        if (staged.WalletMismatchCount == 0)
        {
            return;
        }

        var examples = string.Join("; ", staged.WalletMismatches.Take(5).Select(m =>
            $"record {m.RecordId} (CPF {Validation.Cpf.Mask(m.Cpf)}, {m.Day}): closing {m.DeclaredClosing} declared, {m.ComputedClosing} by its movements"));
        Publish(VaultStreams.WalletMismatch, new VaultEvent(row.ReceivedAt, Oprid, VaultStreams.WalletMismatch,
            $"{row.FileName}: {staged.WalletMismatchCount} daily wallet(s) do not add up: {examples}.", row.Id, row.Hour, row.Sequence));
    }

    private void PublishAccepted(VaultFileRow row, LedgerDecision decision)
    {
        Publish(VaultStreams.FileAccepted, new VaultEvent(row.ReceivedAt, Oprid, VaultStreams.FileAccepted,
            $"{row.FileName} accepted: {row.RecordCount} records, chain place {row.Chain!.Position}.", row.Id, row.Hour, row.Sequence));
        foreach (var happened in decision.Events)
        {
            var (kind, message) = happened switch
            {
                SequenceGap gap => (VaultStreams.SequenceGap, $"Sequences {gap.First} to {gap.Last} are missing before {row.FileName}."),
                LateFile late => (VaultStreams.LateFile, $"{row.FileName} came {late.Late:g} after the deadline of its hour."),
                _ => (VaultStreams.MissingHour, happened.ToString()),
            };
            Publish(kind, new VaultEvent(row.ReceivedAt, Oprid, kind, message, row.Id, row.Hour, row.Sequence));
        }
    }

    private void Publish(string kind, VaultEvent payload) =>
        State.Outbox.Publish(new StreamId(VaultStreams.Namespace, Oprid), kind, payload, payload.At);

    private VaultFileRow Signed(VaultFileRow row) => row with { Receipt = intake.SignReceipt(VaultReceipts.Content(row)) };

    private static VaultFileRow Refused(VaultFileRow row, VaultFileError error) => row with { ErrorCount = 1, Errors = [error] };

    private static LedgerFile LedgerFileOf(VaultFileRow row) =>
        new(row.Sha256, row.Sequence!.Value, row.Hour!.Value, row.Part!.Value, row.Parts!.Value, row.ReceivedAt);

    private static VaultIngested Answer(VaultFileRow row, bool repeat) => new(row.Id, row.Accepted, repeat, [.. row.Errors.Select(e => e.Code).Distinct()]);

    private static VaultLedgerState Copy(VaultLedgerState ledger) =>
        JsonSerializer.Deserialize<VaultLedgerState>(JsonSerializer.SerializeToUtf8Bytes(ledger))!;
}
