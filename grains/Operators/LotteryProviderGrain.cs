using System.Globalization;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Common;
using Lottopar.Grains.Validation;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;
using UniqueKey = Lottopar.Providers.Abstractions.UniqueKey;

namespace Lottopar.Grains.Operators;

public sealed class LotteryProviderState : IHasOutbox, IHoldsUniqueKeys
{
    public string? ProviderCode { get; set; }

    public bool Enabled { get; set; }

    public List<string> AllowedIps { get; set; } = [];

    public List<PosTerminal> PosTerminals { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();

    /// <summary>A provider code names one operator; a printer serial, one terminal on the platform.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyCollection<UniqueKey> UniqueKeys =>
    [
        .. ProviderCode is null ? [] : new[] { new UniqueKey("lottery.provider_code", ProviderCode) },
        .. PosTerminals.Select(p => new UniqueKey("lottery.printer_serial", p.PrinterSerial)),
    ];
}

/// <summary>An operator as a lottery provider, on Orleans (issue 16): same row, audit and claims committed with it.</summary>
[GrainType("lottery_provider")]
public sealed class LotteryProviderGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<LotteryProviderState> state,
    TimeProvider clock) : OrleansAuditedGrain<LotteryProviderState>(state, clock), ILotteryProviderGrain
{
    public const string TargetType = "lottery_provider";
    private const int MaxAllowedIps = 50;

    private static readonly Dictionary<string, (string Field, string What)> Fields = new()
    {
        ["lottery.provider_code"] = ("providerCode", "provider code"),
        ["lottery.printer_serial"] = ("printerSerial", "POS printer serial"),
    };

    protected override string AuditTargetType => TargetType;

    protected override IReadOnlyDictionary<string, (string Field, string What)> UniqueFields => Fields;

    private string Oprid => this.GetPrimaryKeyString();

    public Task<LotteryProviderView> GetAsync() => Task.FromResult(View());

    public async Task<LotteryProviderView> ConfigureAsync(string providerCode, IReadOnlyList<string> allowedIps, bool enabled, Actor actor)
    {
        await RequireOperatorAsync();
        var errors = new ValidationErrors();
        var code = (providerCode ?? "").Trim();
        errors.Require(code.Length is >= 1 and <= 3 && code.All(char.IsAsciiDigit) && int.Parse(code, CultureInfo.InvariantCulture) > 0,
            "providerCode", "A provider code (providercod) has 1 to 3 digits and is not zero.");
        var ranges = IpAllowList.Validate(allowedIps, "allowedIps", MaxAllowedIps, errors);
        errors.ThrowIfAny();
        var before = View();
        State.ProviderCode = int.Parse(code, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        State.AllowedIps = ranges;
        State.Enabled = enabled;
        await SaveAsync(actor, "lottery_provider.configured", before);
        return View();
    }

    public async Task<LotteryProviderView> RegisterPosAsync(string posCode, string printerSerial, bool administrative, Actor actor)
    {
        await RequireOperatorAsync();
        var errors = new ValidationErrors();
        errors.Require(State.ProviderCode is not null, "posCode", "Configure the operator's lottery provider code before registering POS terminals.");
        var code = NormalizePosCode(posCode, errors);
        var serial = NormalizePrinterSerial(printerSerial, errors);
        errors.ThrowIfAny();
        if (State.PosTerminals.Any(p => p.PosCode == code))
        {
            throw new DomainConflictException("posCode", $"POS {code} is already registered to {Oprid}.");
        }

        var before = View();
        if (administrative)
        {
            TakeAdministrativeRoleFromAll();
        }

        State.PosTerminals.Add(new PosTerminal(code, serial!, Active: true, administrative, Clock.GetUtcNow()));
        await SaveAsync(actor, "lottery_provider.pos_registered", before);
        return View();
    }

    public async Task<LotteryProviderView> UpdatePosAsync(string posCode, bool? active, bool? administrative, string? printerSerial, Actor actor)
    {
        var errors = new ValidationErrors();
        var code = NormalizePosCode(posCode, errors);
        var serial = printerSerial is null ? null : NormalizePrinterSerial(printerSerial, errors);
        errors.Require(active is not null || administrative is not null || printerSerial is not null, "body",
            "Name at least one of active, administrative, printerSerial; the others are kept.");
        errors.ThrowIfAny();
        var index = State.PosTerminals.FindIndex(p => p.PosCode == code);
        if (index < 0)
        {
            throw new DomainNotFoundException($"{Oprid} has no POS {code}.");
        }

        var before = View();
        if (administrative == true)
        {
            TakeAdministrativeRoleFromAll();
        }

        var pos = State.PosTerminals[index];
        State.PosTerminals[index] = pos with
        {
            Active = active ?? pos.Active,
            Administrative = administrative ?? pos.Administrative,
            PrinterSerial = serial ?? pos.PrinterSerial,
        };
        await SaveAsync(actor, "lottery_provider.pos_updated", before);
        return View();
    }

    private void TakeAdministrativeRoleFromAll()
    {
        for (var i = 0; i < State.PosTerminals.Count; i++)
        {
            State.PosTerminals[i] = State.PosTerminals[i] with { Administrative = false };
        }
    }

    /// <summary>A poscod is a number of 1 to 5 digits, not zero; stored without leading zeros.</summary>
    private static string NormalizePosCode(string? posCode, ValidationErrors errors)
    {
        var code = (posCode ?? "").Trim();
        if (!errors.Require(
            code.Length is >= 1 and <= 5 && code.All(char.IsAsciiDigit) && int.Parse(code, CultureInfo.InvariantCulture) > 0,
            "posCode",
            "A POS code (poscod) is a number of 1 to 5 digits, not zero."))
        {
            return code;
        }

        return int.Parse(code, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The fiscal printer's serial (serialifa): exactly 10 letters or digits, stored in upper case.</summary>
    private static string? NormalizePrinterSerial(string? printerSerial, ValidationErrors errors)
    {
        var serial = (printerSerial ?? "").Trim().ToUpperInvariant();
        return errors.Require(serial.Length == 10 && serial.All(char.IsAsciiLetterOrDigit), "printerSerial", "A printer serial (serialifa) is exactly 10 letters or digits.")
            ? serial
            : null;
    }

    private Task<OperatorView> RequireOperatorAsync() => GrainFactory.Keyed<IOperatorGrain>(Oprid).GetAsync();

    private Task SaveAsync(Actor actor, string action, LotteryProviderView before) => SaveAuditedAsync(actor, action, Oprid, before, View());

    private LotteryProviderView View() => new(Oprid, State.ProviderCode, State.Enabled, [.. State.AllowedIps], [.. State.PosTerminals]);
}
