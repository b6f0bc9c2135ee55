namespace Lottopar.Providers.Abstractions;

/// <summary>The Orleans stream providers a silo may register; grains get their streams by these names.</summary>
public static class StreamProviderNames
{
    /// <summary>The stream log as an Orleans persistent stream provider (implicit subscriptions only).</summary>
    public const string StreamLog = "stream-log";
}
