namespace Lottopar.Runtime.Tests.Grains;

public interface IPersonGrain : IGrainWithStringKey
{
    Task SleepAsync(TimeSpan duration);
}

/// <summary>A grain keyed by personal data: its key must never appear in full in messages.</summary>
[PersonalDataKey]
[GrainType("person")]
public sealed class PersonGrain : Grain, IPersonGrain
{
    public Task SleepAsync(TimeSpan duration) => Task.Delay(duration);
}
