using System.Threading.RateLimiting;
using Lottopar.Grains.Payments;
using Lottopar.Silo.Http;
using Lottopar.Silo.Payments;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Extensions;

/// <summary>Payments: the operators' PSPs through the API Pix.</summary>
public static class PaymentExtensions
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddOptions<PaymentOptions>().BindConfiguration(PaymentOptions.SectionName);
        services.AddOptions<PixWebhookTlsOptions>().BindConfiguration(PixWebhookTlsOptions.SectionName);
        services.AddSingleton<IPixGateway, PixGateway>();
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<QrCodes>();
        services.AddSingleton<PaymentReconciliation>();
        services.AddSingleton<DailyReconciliation>();
        services.AddHostedService(sp => sp.GetRequiredService<DailyReconciliation>());
        services.AddSingleton<PendingPaymentsReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingPaymentsReconciler>());
        services.AddSingleton<PaymentNotifications>();
        services.AddSingleton<PaymentNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<PaymentNotifier>());
        services.AddHttpClient(PaymentNotifier.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
        services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(PixWebhookApi.PerAddressPolicy, PerAddress));
        return services;
    }

    /// <summary>The open webhook route makes the platform call PSPs: limited per client address and operator.</summary>
    private static RateLimitPartition<string> PerAddress(HttpContext context)
    {
        var services = context.RequestServices;
        var permits = Math.Max(1, services.GetRequiredService<IOptions<PaymentOptions>>().Value.WebhookRequestsPerMinutePerAddress);
        var address = services.GetRequiredService<ClientAddress>().Of(context)?.ToString() ?? "unknown";
        var partition = $"{address}|{context.GetRouteValue("oprid")}";
        return AuthLimitExtensions.Bucket(partition, permits, TimeSpan.FromMinutes(1));
    }
}
