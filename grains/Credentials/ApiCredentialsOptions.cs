namespace Lottopar.Grains.Credentials;

/// <summary>API key rules; bound from the "Lottopar:ApiKeys" configuration section.</summary>
public sealed class ApiCredentialsOptions
{
    public const string SectionName = "Lottopar:ApiKeys";

    /// <summary>How long a rotated key keeps working, so the operator can deploy the new one.</summary>
    public TimeSpan RotationGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Sustained requests per second per key.</summary>
    public double RequestsPerSecond { get; set; } = 200;

    /// <summary>Requests a key may send at once above the sustained rate.</summary>
    public double Burst { get; set; } = 400;

    /// <summary>"Last used" is stored at most this often (it costs a write).</summary>
    public TimeSpan LastUsedResolution { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Live (active or rotated) keys an operator may hold per environment.</summary>
    public int MaxKeysPerEnvironment { get; set; } = 10;
}
