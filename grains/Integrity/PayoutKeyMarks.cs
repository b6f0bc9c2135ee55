using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity;

/// <summary>One player's request to register one PIX key at one operator, as the key and player watches keep it (no full CPF, no full key).</summary>
public sealed record PayoutKeyMark(string PlayerKey, string MaskedCpf, string Oprid, string KeyFingerprint, string KeyMasked, bool HolderIsPlayer, DateTimeOffset At);

/// <summary>The payout-key marks a watch keeps, pure: one per player, operator and key (the latest request), for <see cref="Kept"/>.</summary>
public static class PayoutKeyMarks
{
    /// <summary>How long a mark is kept: the longest window a payout-key rule may ask for.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(365);

    public static PayoutKeyMark Of(PayoutKeyObservation seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        return new(seen.PlayerKey, Validation.Cpf.Mask(seen.Cpf), seen.Oprid, seen.KeyFingerprint, seen.KeyMasked, seen.HolderIsPlayer, seen.At);
    }

    /// <summary>Adds the observation (replacing an older mark of the same player, operator and key) and drops marks past <see cref="Kept"/>; false when nothing changed (a redelivery).</summary>
    public static bool Fold(List<PayoutKeyMark> marks, PayoutKeyObservation seen)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var mark = Of(seen);
        var index = marks.FindIndex(m => m.PlayerKey == mark.PlayerKey && m.Oprid == mark.Oprid && m.KeyFingerprint == mark.KeyFingerprint);
        if (index >= 0 && marks[index].At >= mark.At && marks[index].HolderIsPlayer == mark.HolderIsPlayer)
        {
            return false;
        }

        if (index >= 0)
        {
            marks[index] = mark;
        }
        else
        {
            marks.Add(mark);
        }

        marks.RemoveAll(m => m.At < seen.At - Kept);
        return true;
    }

    /// <summary>The marks within the window that ends at the observation.</summary>
    public static IEnumerable<PayoutKeyMark> Within(IEnumerable<PayoutKeyMark> marks, DateTimeOffset at, long days) =>
        marks.Where(m => m.At > at.AddDays(-days) && m.At <= at);
}
