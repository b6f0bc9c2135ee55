using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Common;
using Lottopar.Grains.Validation;
using Lottopar.Runtime;

namespace Lottopar.Grains.Operators;

public sealed class LotteryProviderState
{
    public string? ProviderCode { get; set; }

    public bool Enabled { get; set; }

    public List<string> AllowedIps { get; set; } = [];

    public List<PosTerminal> PosTerminals { get; set; } = [];
}

[GrainType("lottery_provider")]
public sealed class LotteryProviderGrain(TimeProvider clock) : AuditedGrain<LotteryProviderState>(clock), ILotteryProviderGrain
{
    public const string TargetType = "lottery_provider";
    private const int MaxAllowedIps = 50;

    private static readonly Dictionary<string, (string Field, string What)> Fields = new()
    {
        ["lottery.provider_code"] = ("providerCode", "provider code"),
        ["lottery.pos_code"] = ("posCode", "POS printer serial"),
    };

    protected override string AuditTargetType => TargetType;

    protected override IReadOnlyDictionary<string, (string Field, string What)> UniqueFields => Fields;

    private string Oprid => GetPrimaryKeyString();

    public Task<LotteryProviderView> GetAsync() => Task.FromResult(View());

    public async Task<LotteryProviderView> ConfigureAsync(string providerCode, IReadOnlyList<string> allowedIps, bool enabled, Actor actor)
    {
        await RequireOperatorAsync();
        var errors = new ValidationErrors();
        var code = (providerCode ?? "").Trim();
        errors.Require(code.Length is >= 1 and <= 3 && code.All(char.IsAsciiDigit) && int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) > 0,
            "providerCode", "A provider code (providercod) has 1 to 3 digits and is not zero.");
        var ranges = new List<string>();
        var entries = allowedIps ?? [];
        errors.Require(entries.Count <= MaxAllowedIps, "allowedIps", $"At most {MaxAllowedIps} entries.");
        for (var i = 0; i < entries.Count; i++)
        {
            if (IpAllowList.TryParse(entries[i], out var range, out var error))
            {
                // An allow-list that admits the whole internet is no allow-list.
                if (errors.Require(range!.ToString() is not ("0.0.0.0/0" or "::/0"), $"allowedIps[{i}]", "Name the operator's own addresses, not every address."))
                {
                    ranges.Add(range.ToString());
                }
            }
            else
            {
                errors.Add($"allowedIps[{i}]", error ?? "Not an IP address or CIDR range.");
            }
        }

        errors.ThrowIfAny();
        var before = View();
        State.ProviderCode = int.Parse(code, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
        State.AllowedIps = [.. ranges.Distinct()];
        State.Enabled = enabled;
        await SaveAsync(actor, "lottery_provider.configured", before);
        return View();
    }

    public async Task<LotteryProviderView> RegisterPosAsync(string posCode, Actor actor)
    {
        await RequireOperatorAsync();
        if (State.ProviderCode is null)
        {
            throw DomainValidationException.For("posCode", "Configure the operator's lottery provider code before registering POS terminals.");
        }

        var code = NormalizePosCode(posCode);
        if (State.PosTerminals.Any(p => p.PosCode == code))
        {
            throw new DomainConflictException("posCode", $"POS {code} is already registered to {Oprid}.");
        }

        var before = View();
        State.PosTerminals.Add(new PosTerminal(code, Active: true, Clock.GetUtcNow()));
        await SaveAsync(actor, "lottery_provider.pos_registered", before);
        return View();
    }

    public async Task<LotteryProviderView> SetPosActiveAsync(string posCode, bool active, Actor actor)
    {
        var code = NormalizePosCode(posCode);
        var index = State.PosTerminals.FindIndex(p => p.PosCode == code);
        if (index < 0)
        {
            throw new DomainNotFoundException($"{Oprid} has no POS {code}.");
        }

        var before = View();
        State.PosTerminals[index] = State.PosTerminals[index] with { Active = active };
        await SaveAsync(actor, active ? "lottery_provider.pos_activated" : "lottery_provider.pos_deactivated", before);
        return View();
    }

    protected override IReadOnlyCollection<UniqueKey>? GetUniqueKeys() =>
    [
        .. State.ProviderCode is null ? [] : new[] { new UniqueKey("lottery.provider_code", State.ProviderCode) },
        .. State.PosTerminals.Select(p => new UniqueKey("lottery.pos_code", p.PosCode)),
    ];

    /// <summary>A poscod is the POS printer's serial: exactly 10 letters or digits (stored in upper case).</summary>
    private static string NormalizePosCode(string? posCode)
    {
        var code = (posCode ?? "").Trim().ToUpperInvariant();
        if (code.Length != 10 || !code.All(char.IsAsciiLetterOrDigit))
        {
            throw DomainValidationException.For("posCode", "A POS code (poscod) is the printer serial: exactly 10 letters or digits.");
        }

        return code;
    }

    private Task<OperatorView> RequireOperatorAsync() => GrainFactory.GetGrain<IOperatorGrain>(Oprid).GetAsync();

    private Task SaveAsync(Actor actor, string action, LotteryProviderView before) => SaveAuditedAsync(actor, action, Oprid, before, View());

    private LotteryProviderView View() => new(Oprid, State.ProviderCode, State.Enabled, [.. State.AllowedIps], [.. State.PosTerminals]);
}
