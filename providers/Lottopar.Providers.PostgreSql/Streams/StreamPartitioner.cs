namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>
/// Spreads streams over a fixed number of partitions of the log, the unit of delivery (and,
/// with several silos, of ownership). The hash is FNV-1a over the id's characters: stable
/// across processes and versions, unlike string.GetHashCode. The count is part of the stored
/// data and never changes for a database.
/// </summary>
public static class StreamPartitioner
{
    public const int PartitionCount = 16;

    internal const uint OffsetBasis = 2166136261u;

    public static int PartitionOf(StreamId stream)
    {
        var hash = Fnv1a(OffsetBasis, stream.Namespace);
        hash = Fnv1a(hash ^ '/', stream.Key);
        return (int)(hash % PartitionCount);
    }

    /// <summary>FNV-1a of <paramref name="text"/>'s characters, continuing from <paramref name="hash"/> (its offset basis to start).</summary>
    internal static uint Fnv1a(uint hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
