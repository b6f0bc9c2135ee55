using System.Diagnostics;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Integrity.Rules;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// Where a lottery provider's sales enter the integrity module (key: the provider code, the key of
/// its "lottery" stream; implicitly subscribed, tickets sold only). Judges the lottery rules on the
/// provider's windows, in memory; alerts are about the provider's operator, or about one terminal.
/// A terminal's findings weigh in its score (<see cref="TerminalWatchGrain"/>). Each ticket then goes to its turn's <see cref="DrawExposureGrain"/> (numbers against their quotas, across providers).
/// </summary>
[GrainType("lottery_watch")]
[ImplicitStreamSubscription(LotteryStreams.Namespace)]
public sealed class LotteryWatchGrain(IStreamEventLog shadows, TimeProvider clock) : Grain, IGrainWithStringKey, IStreamSubscriptionObserver
{
    private static readonly TimeSpan SettingsFor = TimeSpan.FromMinutes(1);

    private readonly LotteryWindows _windows = new();
    private RulebookCache? _rules;
    private LotterySettings? _settings;
    private long _settingsAt;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<TicketSold>().ResumeAsync((ticket, _) => OnTicketAsync(ticket));

    private async Task OnTicketAsync(TicketSold ticket)
    {
        _windows.Fold(ticket);
        var (rules, settings) = (await RulesAsync(), await SettingsAsync());
        var catalog = settings.Catalog;
        var now = clock.GetUtcNow();
        await RuleRunner.RecordShadowsAsync(shadows, this.GetGrainId(),
            RuleRunner.Shadow<LotteryRule>(rules, (rule, setting) => rule.Evaluate(ticket, _windows, catalog, setting)), SubjectKind.Operator, ticket.Oprid, ticket.Oprid, now);
        foreach (var (setting, hit) in RuleRunner.Live<LotteryRule>(rules, (rule, setting) => rule.Evaluate(ticket, _windows, catalog, setting)))
        {
            var terminal = IntegrityRules.Find(setting.RuleId)!.Subject == SubjectKind.Terminal;
            var subject = terminal
                ? new AlertSubject(SubjectKind.Terminal, $"{ticket.ProviderCode}-{ticket.PosCode}", ticket.Oprid)
                : new AlertSubject(SubjectKind.Operator, ticket.Oprid, ticket.Oprid);
            var alert = await RuleRunner.RaiseAsync(GrainFactory, setting, subject, hit, null, now);
            if (terminal && !(alert.Snooze?.Until > now) && rules.Of(TerminalPolicy.Id) is { Enabled: true } policy)
            {
                await GrainFactory.Keyed<ITerminalWatchGrain>(subject.Key).WeighAsync(
                    new TerminalFinding(ticket.Oprid, ticket.PosCode, setting.RuleId, setting.Severity, hit.Evidence, now), policy);
            }
        }

        if (IntegrityRules.OfKind<DrawExposureRule>().Any(r => rules.Of(r.Id) is { Enabled: true } || rules.ShadowOf(r.Id) is not null))
        {
            await GrainFactory.Keyed<IDrawExposureGrain>(new TurnKey(ticket.LotteryCode, ticket.Turn, ticket.SaleDate).ToString()).ObserveAsync(ticket, rules, settings);
        }
    }

    private static readonly TerminalScorePolicy TerminalPolicy = new();

    private Task<RulebookSnapshot> RulesAsync() => (_rules ??= new RulebookCache(GrainFactory)).GetAsync();

    private async Task<LotterySettings> SettingsAsync()
    {
        if (_settings is null || Stopwatch.GetElapsedTime(_settingsAt) > SettingsFor)
        {
            _settings = await GrainFactory.Keyed<ILotteryCatalogGrain>(Lottery.LotteryCatalogGrain.Key).GetAsync();
            _settingsAt = Stopwatch.GetTimestamp();
        }

        return _settings;
    }
}
