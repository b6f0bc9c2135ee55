using System.Collections.Immutable;

namespace Lottopar.Client;

/// <summary>
/// What the platform knows of a simulated player after its last accepted event. Immutable, so that a
/// refused event can be forgotten by keeping the previous state.
/// </summary>
internal sealed record PlayerState(string TaxId, long Balance, ImmutableList<OpenSlip> OpenSlips);

/// <summary>A slip placed and not yet settled or cancelled, with the legs as they were sent.</summary>
internal sealed record OpenSlip(string BetSlipId, long Stake, decimal TotalOdds, bool IsLive, IReadOnlyList<BetLeg> Legs);
