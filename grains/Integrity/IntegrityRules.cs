using Lottopar.Grains.Integrity.Rules;

namespace Lottopar.Grains.Integrity;

/// <summary>Every rule the platform ships, by id.</summary>
public static class IntegrityRules
{
    public static IReadOnlyList<IntegrityRule> All { get; } =
    [
        new ExcludedPlayerBetRule(),
        new PlayerStakeLimitRule(),
        new BonusBetRule(),
        new BonusWithdrawalRule(),
        new DepositsAcrossOperatorsRule(),
        new PaidByAnotherRule(),
        new PlayerManyPixKeysRule(),
        new PixKeySharedRule(),
        new FlaggedEventsRule(),
        new VaultMissingHourRule(),
        new VaultLateFileRule(),
        new VaultSequenceGapRule(),
        new VaultInvalidFileRule(),
        new VaultSecurityViolationRule(),
        new VaultWalletMismatchRule(),
        new BlockedPlayerActivityRule(),
        new LotterySaleAfterClosingRule(),
        new LotteryTerminalVolumeRule(),
        new LotteryNumberConcentrationRule(),
        new LotteryNumberExposureRule(),
        new VaultBetReconciliationRule(),
        new VaultPaymentReconciliationRule(),
        new PrizePaymentDeadlineRule(),
        new ResultNotSentRule(),
        new LotteryPrizeUnclaimedRule(),
        new SuspicionNotReportedRule(),
        new AccountNotClosedRule(),
        new PlayerScorePolicy(),
        new TerminalScorePolicy(),
        new OperatorRiskPolicy(),
    ];

    private static readonly Dictionary<string, IntegrityRule> ById = All.ToDictionary(r => r.Id);

    public static IntegrityRule? Find(string id) => ById.GetValueOrDefault(id);

    /// <summary>The rules of a kind (a base class or one of the judging interfaces).</summary>
    public static IEnumerable<T> OfKind<T>() where T : class => All.OfType<T>();
}
