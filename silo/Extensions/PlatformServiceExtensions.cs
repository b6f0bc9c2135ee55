using Lottopar.Providers.PostgreSql.Storage;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lottopar.GrainInterfaces.Audit;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.GrainInterfaces.Security;
using Lottopar.Grains.Betting;
using Lottopar.Grains.Common;
using Lottopar.Grains.Credentials;
using Lottopar.Grains.Lottery;
using Lottopar.Grains.Staff;
using Lottopar.Grains.Vault;
using Lottopar.Providers.PostgreSql.Hosting;
using Lottopar.Silo.Apis;
using Lottopar.Silo.Betting;
using Lottopar.Silo.Http;
using Lottopar.Silo.Json;
using Lottopar.Silo.Lottery;
using Lottopar.Silo.Notifications;
using Lottopar.Silo.Projections;
using Lottopar.Silo.Security;
using Lottopar.Silo.Vault;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Extensions;

/// <summary>The platform's domain services: grains, their options, projections, security, notifications.</summary>
public static class PlatformServiceExtensions
{
    /// <summary>The tables stream events are archived in with the state that published them, and the projections the silo runs.</summary>
    public static PostgresProvidersBuilder AddLottoparStreams(this PostgresProvidersBuilder providers) => providers
        .AddStreamArchive(BettingStreams.Namespace, BettingEventStore.ArchiveSql, BettingEventStore.KeptPayload)
        .AddStreamArchive(LotteryStreams.Namespace, LotterySalesStore.SoldArchiveSql)
        .AddStreamArchive(LotteryStreams.Namespace, LotterySalesStore.CancelledArchiveSql)
        .AddStreamArchive(LotteryStreams.Namespace, LotterySalesStore.PaidArchiveSql)
        .AddStreamArchive(GrainInterfaces.Payments.PaymentStreams.Namespace, Payments.LedgerStore.ArchiveSql)
        .AddStreamArchive(GrainInterfaces.Payments.PaymentStreams.Namespace, Payments.PaymentNotifications.ArchiveSql)
        .AddStreamArchive(GrainInterfaces.Integrity.IntegrityStreams.Namespace, Integrity.IntegrityAlertStore.ArchiveSql)
        .AddStreamArchive(GrainInterfaces.Integrity.IntegrityStreams.Namespace, Integrity.BlockedPlayersStore.BlockedArchiveSql)
        .AddStreamArchive(GrainInterfaces.Integrity.IntegrityStreams.Namespace, Integrity.BlockedPlayersStore.LiftedArchiveSql)
        .AddStreamArchive(GrainInterfaces.Integrity.IntegrityStreams.Namespace, Integrity.OperatorRiskStore.ArchiveSql)
        .AddStreamArchive(GrainInterfaces.Integrity.IntegrityStreams.Namespace, Integrity.IntegrityCaseStore.ArchiveSql)
        .AddStreamArchive(GrainInterfaces.Integrity.IntegrityStreams.Namespace, Integrity.IntegrityCaseStore.HitsArchiveSql)
        .AddStreamArchive(GrainInterfaces.Integrity.IntegrityStreams.Namespace, Integrity.ShadowFindingStore.ArchiveSql)
        .AddStreamArchive(GrainInterfaces.Integrity.IntegrityStreams.Namespace, Integrity.ReconciliationStore.ArchiveSql)
        .AddStreamProjection<AuditLogProjection, AuditEntry>("audit-log", AuditStreams.Namespace)
        .AddStreamProjection<SecurityEventsProjection, AccessRefused>("security-events", SecurityStreams.Namespace)
        .AddStreamProjection<BettingActivityProjection, BettingEventRecord>(BettingActivityProjection.Name, BettingStreams.Namespace)
        .AddStreamProjection<PaymentActivityProjection, GrainInterfaces.Payments.PaymentSettled>(PaymentActivityProjection.Name, GrainInterfaces.Payments.PaymentStreams.Namespace);

    public static IServiceCollection AddLottoparPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiCredentialsOptions>().BindConfiguration(ApiCredentialsOptions.SectionName);
        services.AddOptions<StaffOptions>().BindConfiguration(StaffOptions.SectionName);
        services.AddOptions<OneShotReminderOptions>().BindConfiguration(OneShotReminderOptions.Section);
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName)
            .Validate<IOptions<SiloOptions>>(
                (notifications, silo) => notifications.Mode != NotificationMode.Outbox || silo.Value.Environment != GrainInterfaces.Common.DeploymentEnvironment.Production,
                "Lottopar:Notifications:Mode 'Outbox' keeps one-time codes readable at /dev/outbox: it is not allowed in production.")
            .ValidateOnStart();
        services.AddSingleton(sp => new DeploymentContext(sp.GetRequiredService<IOptions<SiloOptions>>().Value.Environment));
        services.AddSingleton<ReadModels>();
        services.AddSingleton<OperatorActivityStore>();
        services.AddSingleton<Reports.OperatorActivity>();
        services.AddCpfChecks();
        services.AddPayments();
        services.AddOptions<VaultOptions>().BindConfiguration(VaultOptions.SectionName);
        services.AddOptions<VaultRules>().BindConfiguration(VaultRules.SectionName);
        services.AddSingleton<VaultFileStore>();
        services.AddSingleton<VaultKey>();
        services.AddSingleton<IVaultIntake, VaultIntake>();
        services.AddHostedService<VaultSftpAccounts>();
        services.AddHostedService<VaultWatcher>();
        services.AddSingleton<GrainStateRows>();
        services.AddSingleton<Integrity.IntegrityAlertStore>();
        services.AddSingleton<Integrity.BlockedPlayersStore>();
        services.AddSingleton<Integrity.OperatorRiskStore>();
        services.AddSingleton<Integrity.IntegrityCaseStore>();
        services.AddSingleton<Integrity.BacktestRunner>();
        services.AddSingleton<Integrity.ShadowFindingStore>();
        services.AddSingleton<Integrity.ReconciliationStore>();
        services.AddSingleton<Integrity.CoafExport>();
        services.AddSingleton<Grains.Integrity.IReconciliationSource, Integrity.ReconciliationSource>();
        services.AddOptions<Grains.Integrity.ReconciliationOptions>().BindConfiguration(Grains.Integrity.ReconciliationOptions.SectionName);
        services.AddSingleton<Grains.Integrity.IDeadlineSource, Integrity.DeadlineSource>();
        services.AddOptions<Grains.Integrity.DeadlineOptions>().BindConfiguration(Grains.Integrity.DeadlineOptions.SectionName);
        services.AddOptions<Integrity.IntegrityOptions>().BindConfiguration(Integrity.IntegrityOptions.SectionName);
        services.AddSingleton<Integrity.OperatorRiskMonitor>();
        if (configuration.GetValue(Integrity.IntegrityOptions.EnabledKey, true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<Integrity.OperatorRiskMonitor>());
            services.AddHostedService<Integrity.IntegrityDeadlinesStarter>();
        }
        services.AddSingleton<BettingEventStore>();
        services.AddSingleton<IBettingHistory>(sp => sp.GetRequiredService<BettingEventStore>());
        services.AddHostedService<BettingMaintenance>();
        services.AddOptions<WebSaleOptions>().BindConfiguration(WebSaleOptions.SectionName);
        services.AddSingleton<LotterySalesStore>();
        services.AddSingleton<ILotterySales>(sp => sp.GetRequiredService<LotterySalesStore>());
        services.AddSingleton<ClientAddress>();
        services.AddOptions<RefusalOptions>().BindConfiguration(RefusalOptions.SectionName);
        services.AddSingleton<RefusalLog>();
        services.AddHostedService<RefusalLogFlusher>();
        services.AddSingleton<SessionTokens>();
        services.AddAuthRateLimits();
        services.AddSingleton<WebSaleProviders>();
        services.AddSingleton<DrawSalesReports>();
        services.AddSingleton<TurnSaleQueues>();
        services.AddSingleton<ITurnSaleWindow>(sp => sp.GetRequiredService<TurnSaleQueues>());

        var dataDirectory = configuration.GetValue<string>($"{SiloOptions.SectionName}:DataDirectory") ?? new SiloOptions().DataDirectory;
        services.AddDataProtection().SetApplicationName("Lottopar").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton(GrainKeySecret.Load(configuration, dataDirectory));
        services.AddSingleton<StaffAccounts>();

        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<INotificationSender>(sp => sp.GetRequiredService<NotificationOutbox>());
        services.AddHttpClient("sms");
        services.AddHostedService<NotificationDispatcher>();

        services.AddAuthentication(AuthenticationSchemes.Caller)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthenticationSchemes.ApiKey, null)
            .AddScheme<AuthenticationSchemeOptions, StaffBearerAuthenticationHandler>(AuthenticationSchemes.StaffBearer, null)
            .AddPolicyScheme(AuthenticationSchemes.Caller, "API key or staff session", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? AuthenticationSchemes.ApiKey : AuthenticationSchemes.StaffBearer);
        services.AddAuthorizationBuilder().AddLottoparPolicies();

        services.ConfigureHttpJsonOptions(o =>
        {
            StrictJson.Apply(o.SerializerOptions);
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<OpenApiDocumentDescription>();
            o.AddSchemaTransformer<BettingContractSchemas>();
        });
        return services;
    }
}
