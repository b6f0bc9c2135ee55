namespace Lottopar.Runtime;

/// <summary>
/// Names a grain class's type. The name is stored with the grain's state and reminders, so it must
/// never change once data exists. Without the attribute the name is the class name, without a
/// trailing "Grain", in lower case ("PlayerGrain" is "player").
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// Marks a grain class whose key is personal data (a CPF): the runtime never writes such a key
/// in full to logs, metrics or exception messages (LGPD).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PersonalDataKeyAttribute : Attribute;
