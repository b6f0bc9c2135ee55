using System.Collections.Frozen;
using System.Text.Json.Serialization;

namespace Lottopar.GrainInterfaces.Betting;

/// <summary>The kinds of betting event (the contract's <c>event</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BettingEventType>))]
[Orleans.GenerateSerializer]
public enum BettingEventType
{
    [JsonStringEnumMemberName("new_bet")]
    NewBet,

    [JsonStringEnumMemberName("result")]
    Result,

    [JsonStringEnumMemberName("cancellation")]
    Cancellation,
}

/// <summary>A bet slip's overall state (the contract's <c>bet_slip_state</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BetSlipState>))]
[Orleans.GenerateSerializer]
public enum BetSlipState
{
    [JsonStringEnumMemberName("open")]
    Open,

    [JsonStringEnumMemberName("settled")]
    Settled,

    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}

/// <summary>A selection's state (the contract's <c>leg_state</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LegState>))]
[Orleans.GenerateSerializer]
public enum LegState
{
    [JsonStringEnumMemberName("open")]
    Open,

    [JsonStringEnumMemberName("won")]
    Won,

    [JsonStringEnumMemberName("lost")]
    Lost,

    [JsonStringEnumMemberName("void")]
    Void,
}

/// <summary>A selection's result (the contract's <c>result</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LegResult>))]
[Orleans.GenerateSerializer]
public enum LegResult
{
    [JsonStringEnumMemberName("won")]
    Won,

    [JsonStringEnumMemberName("lost")]
    Lost,

    [JsonStringEnumMemberName("void")]
    Void,

    [JsonStringEnumMemberName("push")]
    Push,
}

/// <summary>
/// The contract's names for each value, for parsing and messages. Read from the attributes once per
/// enum type (<see cref="Names{TEnum}"/>): every event parses several of these.
/// </summary>
public static class ContractNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.ByValue[value];

    public static bool TryParse<TEnum>(string? name, out TEnum value) where TEnum : struct, Enum
    {
        if (name is not null && Names<TEnum>.ByName.TryGetValue(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Every name, quoted and comma-separated: <c>"open", "settled", "cancelled"</c>.</summary>
    public static string List<TEnum>() where TEnum : struct, Enum => Names<TEnum>.Listed;

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ByValue = Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, NameOf);

        public static readonly FrozenDictionary<string, TEnum> ByName = ByValue.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

        public static readonly string Listed = string.Join(", ", Enum.GetValues<TEnum>().Select(v => $"\"{ByValue[v]}\""));

        private static string NameOf(TEnum value) =>
            typeof(TEnum).GetField(value.ToString())!.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
                .Cast<JsonStringEnumMemberNameAttribute>().Single().Name;
    }
}
