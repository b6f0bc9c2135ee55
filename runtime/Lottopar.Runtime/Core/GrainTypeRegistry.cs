using System.Reflection;
using Lottopar.Runtime.Reminders;
using Microsoft.Extensions.DependencyInjection;

namespace Lottopar.Runtime.Core;

/// <summary>What the runtime knows about one grain class.</summary>
internal sealed class GrainTypeInfo
{
    public GrainTypeInfo(Type grainClass)
    {
        GrainClass = grainClass;
        Name = grainClass.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultName(grainClass);
        KeyIsPersonalData = grainClass.IsDefined(typeof(PersonalDataKeyAttribute), inherit: false);
        IsRemindable = typeof(IRemindable).IsAssignableFrom(grainClass);
        Factory = ActivatorUtilities.CreateFactory(grainClass, Type.EmptyTypes);
        Tag = new KeyValuePair<string, object?>("grain_type", Name);
    }

    public string Name { get; }

    public Type GrainClass { get; }

    public bool KeyIsPersonalData { get; }

    public bool IsRemindable { get; }

    public ObjectFactory Factory { get; }

    /// <summary>The metric tag, built once.</summary>
    public KeyValuePair<string, object?> Tag { get; }

    private static string DefaultName(Type grainClass)
    {
        var name = grainClass.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }
}

/// <summary>
/// Maps grain interfaces to grain classes and type names, checked once at start-up so that a
/// badly shaped grain fails the silo's start rather than its first call.
/// </summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, GrainTypeInfo> _byInterface = [];
    private readonly Dictionary<string, GrainTypeInfo> _byName = new(StringComparer.Ordinal);

    internal GrainTypeRegistry(IEnumerable<Type> grainClasses)
    {
        foreach (var grainClass in grainClasses.Distinct())
        {
            Add(grainClass);
        }
    }

    internal IEnumerable<GrainTypeInfo> Types => _byName.Values;

    internal GrainTypeInfo ForInterface(Type grainInterface) =>
        _byInterface.TryGetValue(grainInterface, out var info)
            ? info
            : throw new InvalidOperationException(
                $"No grain class implements {grainInterface.FullName}; register its assembly with AddGrains.");

    internal GrainTypeInfo ForName(string typeName) =>
        _byName.TryGetValue(typeName, out var info)
            ? info
            : throw new InvalidOperationException($"Unknown grain type '{typeName}'.");

    /// <summary>How a grain id may appear in logs, metrics and messages: personal keys are masked.</summary>
    public string Describe(GrainId id) =>
        _byName.TryGetValue(id.Type, out var info) && info.KeyIsPersonalData
            ? $"{id.Type}/{MaskKey(id.Key)}"
            : id.ToString();

    /// <summary>Keeps the last four characters, enough to tell log lines apart, not to identify a person.</summary>
    internal static string MaskKey(string key) =>
        key.Length <= 4 ? new string('*', key.Length) : string.Concat(new string('*', key.Length - 4), key.AsSpan(key.Length - 4));

    private void Add(Type grainClass)
    {
        if (grainClass.IsAbstract || !typeof(Grain).IsAssignableFrom(grainClass))
        {
            throw new InvalidOperationException($"{grainClass.FullName} is not a concrete grain class.");
        }

        var info = new GrainTypeInfo(grainClass);
        if (!_byName.TryAdd(info.Name, info))
        {
            throw new InvalidOperationException(
                $"Grain type name '{info.Name}' is used by both {_byName[info.Name].GrainClass.FullName} and {grainClass.FullName}.");
        }

        foreach (var grainInterface in grainClass.GetInterfaces().Where(IsApplicationGrainInterface))
        {
            GrainInterfaceShape.Validate(grainInterface);
            if (!_byInterface.TryAdd(grainInterface, info))
            {
                throw new InvalidOperationException(
                    $"{grainInterface.FullName} is implemented by both {_byInterface[grainInterface].GrainClass.FullName} and {grainClass.FullName}.");
            }
        }
    }

    /// <summary>Grain interfaces of the application, not the runtime's own (IGrain, IStreamConsumerGrain&lt;T&gt;...).</summary>
    private static bool IsApplicationGrainInterface(Type type) =>
        typeof(IGrainWithStringKey).IsAssignableFrom(type) && type.Assembly != typeof(IGrain).Assembly;
}
