using Lottopar.Grains.Payments;
using Lottopar.Silo.Payments;

namespace Lottopar.Silo.Extensions;

/// <summary>Payments: the operators' PSPs through the API Pix.</summary>
public static class PaymentExtensions
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddOptions<PaymentOptions>().BindConfiguration(PaymentOptions.SectionName);
        services.AddSingleton<IPixGateway, PixGateway>();
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<PaymentReconciliation>();
        services.AddSingleton<CashInReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<CashInReconciler>());
        services.AddSingleton<PaymentNotifications>();
        services.AddSingleton<PaymentNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<PaymentNotifier>());
        services.AddHttpClient(PaymentNotifier.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
        return services;
    }
}
