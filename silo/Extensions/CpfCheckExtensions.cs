using System.Threading.RateLimiting;
using Lottopar.Grains.CpfChecks;
using Lottopar.Silo.CpfChecks;
using Lottopar.Silo.Http;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Extensions;

/// <summary>CPF checks: the registry client (with timeouts, retries and a circuit breaker), the log, the per-operator limit.</summary>
public static class CpfCheckExtensions
{
    public static IServiceCollection AddCpfChecks(this IServiceCollection services)
    {
        services.AddOptions<CpfCheckOptions>().BindConfiguration(CpfCheckOptions.SectionName);
        services.AddOptions<TaxRegistryOptions>().BindConfiguration(TaxRegistryOptions.SectionName);
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.SectionName);
        services.AddSingleton<CpfCheckLog>();
        services.AddOptions<NationalSelfExclusionOptions>().BindConfiguration(NationalSelfExclusionOptions.SectionName);
        services.AddHttpClient<ITaxRegistry, TaxRegistryClient>((sp, http) => http.BaseAddress = RegistryAddress(sp))
            .AddStandardResilienceHandler()
            .Configure((resilience, sp) => Lookups(resilience, sp.GetRequiredService<IOptions<TaxRegistryOptions>>().Value.AttemptTimeout));
        services.AddHttpClient<INationalSelfExclusionList, NationalSelfExclusionClient>((sp, http) =>
                http.BaseAddress = BaseAddress(sp.GetRequiredService<IOptions<NationalSelfExclusionOptions>>().Value.BaseUrl))
            .AddStandardResilienceHandler()
            .Configure((resilience, sp) => Lookups(resilience, sp.GetRequiredService<IOptions<NationalSelfExclusionOptions>>().Value.AttemptTimeout));
        services.AddHttpClient(SandboxRegistryAdminApi.HttpClientName, (sp, http) =>
        {
            http.BaseAddress = RegistryAddress(sp);
            http.Timeout = TimeSpan.FromSeconds(10);
        });
        services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(CpfApi.PerOperatorPolicy, PerOperator));
        return services;
    }

    /// <summary>A lookup changes nothing at the registry or the list: every method may be retried.</summary>
    private static void Lookups(HttpStandardResilienceOptions resilience, TimeSpan attempt)
    {
        resilience.AttemptTimeout.Timeout = attempt;
        resilience.Retry.MaxRetryAttempts = 2;
        resilience.Retry.Delay = TimeSpan.FromMilliseconds(100);
        resilience.TotalRequestTimeout.Timeout = attempt * 3 + TimeSpan.FromSeconds(1);
        resilience.CircuitBreaker.SamplingDuration = attempt * 2 + TimeSpan.FromSeconds(10);
    }

    private static Uri? RegistryAddress(IServiceProvider services) => BaseAddress(services.GetRequiredService<IOptions<TaxRegistryOptions>>().Value.BaseUrl);

    /// <summary>A configured base address, ending in '/' so that relative paths go below it; null when none is configured.</summary>
    private static Uri? BaseAddress(string baseUrl) =>
        string.IsNullOrWhiteSpace(baseUrl) ? null : new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");

    private static RateLimitPartition<string> PerOperator(HttpContext context)
    {
        var services = context.RequestServices;
        var permits = Math.Max(1, services.GetRequiredService<IOptions<CpfCheckOptions>>().Value.ChecksPerMinutePerOperator);
        var caller = context.User.OpridOf() ?? "address:" + services.GetRequiredService<ClientAddress>().Of(context);
        return AuthLimitExtensions.Bucket(caller, permits, TimeSpan.FromMinutes(1));
    }
}
