using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.CpfChecks;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.CpfChecks;

public sealed class CpfRestrictionsState : IHasOutbox
{
    /// <summary>The normalised CPF (the admin list reads it from the stored state; lists and logs mask it).</summary>
    public string? Cpf { get; set; }

    public List<CpfRestriction> Restrictions { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>
/// LOTTOPAR's entries against one CPF. The audit entries name the grain's key, never the CPF, and
/// their snapshots carry the CPF masked. After a change the player's cached check is dropped, so
/// the next check sees it at once.
/// </summary>
[GrainType("cpf_restrictions")]
public sealed class CpfRestrictionsGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<CpfRestrictionsState> state,
    TimeProvider clock,
    PersonalGrainKeys keys) : OrleansAuditedGrain<CpfRestrictionsState>(state, clock), ICpfRestrictionsGrain
{
    public const string TargetType = "cpf_restriction";
    public const int MaxNoteLength = 500;

    protected override string AuditTargetType => TargetType;

    public Task<IReadOnlyList<CpfRestriction>> GetAsync(string cpf)
    {
        RequireKeyOf(cpf);
        return Task.FromResult<IReadOnlyList<CpfRestriction>>([.. State.Restrictions]);
    }

    public async Task<CpfRestriction> AddAsync(string cpf, CpfRestrictionRequest request, Actor actor)
    {
        RequireKeyOf(cpf);
        var now = Clock.GetUtcNow();
        var since = request.Since ?? now;
        Validate(request, since);
        var restriction = new CpfRestriction(
            Guid.NewGuid(), request.Kind, request.Kind == CpfRestrictionKind.Barred ? request.Category : null, since, request.Until, request.Note.Trim(), actor.ToString(), now);
        State.Cpf = cpf;
        State.Restrictions.Add(restriction);
        await SaveAuditedAsync(actor, "cpf_restriction.added", this.GetPrimaryKeyString(), null, View(cpf, restriction), request.Note);
        await GrainFactory.Keyed<IPlayerGrain>(this.GetPrimaryKeyString()).ForgetCpfCheckAsync();
        return restriction;
    }

    public async Task<CpfRestriction> RemoveAsync(string cpf, Guid id, string reason, Actor actor)
    {
        RequireKeyOf(cpf);
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxNoteLength)
        {
            throw DomainValidationException.For("reason", $"Say why the entry ends (1 to {MaxNoteLength} characters).");
        }

        var index = State.Restrictions.FindIndex(r => r.Id == id);
        if (index < 0)
        {
            throw new DomainNotFoundException($"This CPF has no entry {id}.");
        }

        var before = State.Restrictions[index];
        if (before.RemovedAt is not null)
        {
            throw new DomainConflictException("id", $"Entry {id} was already removed.");
        }

        var removed = before with { RemovedBy = actor.ToString(), RemovedAt = Clock.GetUtcNow(), RemovalReason = reason.Trim() };
        State.Restrictions[index] = removed;
        await SaveAuditedAsync(actor, "cpf_restriction.removed", this.GetPrimaryKeyString(), View(cpf, before), View(cpf, removed), reason);
        await GrainFactory.Keyed<IPlayerGrain>(this.GetPrimaryKeyString()).ForgetCpfCheckAsync();
        return removed;
    }

    private static void Validate(CpfRestrictionRequest request, DateTimeOffset since)
    {
        var errors = new ValidationErrors();
        errors.Require(Enum.IsDefined(request.Kind), "kind", "One of: barred, self_exclusion.");
        if (request.Kind == CpfRestrictionKind.Barred)
        {
            errors.Require(request.Category is { } c && Enum.IsDefined(c), "category", $"A bar names its category: {string.Join(", ", BarredCategories.All)}.");
        }
        else
        {
            errors.Require(request.Category is null, "category", "Only a bar has a category.");
        }

        errors.Require(request.Until is not { } until || until > since, "until", "The end comes after the start.");
        errors.Require(!string.IsNullOrWhiteSpace(request.Note) && request.Note.Length <= MaxNoteLength, "note",
            $"Say on what grounds (1 to {MaxNoteLength} characters: a decision, a court order, a request number).");
        errors.ThrowIfAny();
    }

    /// <summary>The audit snapshot: the entry with the CPF masked.</summary>
    private static object View(string cpf, CpfRestriction restriction) => new { cpf = Validation.Cpf.Mask(cpf), restriction };

    private void RequireKeyOf(string cpf)
    {
        if (keys.Player(cpf) != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("This CPF is not the one of this grain.", nameof(cpf));
        }
    }
}
