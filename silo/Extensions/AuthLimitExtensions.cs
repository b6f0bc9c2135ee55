using System.Globalization;
using System.Threading.RateLimiting;
using Lottopar.Silo.Apis;
using Lottopar.Silo.CpfChecks;
using Lottopar.Silo.Http;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Extensions;

/// <summary>The framework's rate limiter on the sign-in routes, partitioned by client address; its one answer to a refused request (429 with Retry-After).</summary>
public static class AuthLimitExtensions
{
    public static IServiceCollection AddAuthRateLimits(this IServiceCollection services)
    {
        services.AddOptions<AuthLimitOptions>().BindConfiguration(AuthLimitOptions.SectionName);
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AuthApi.PerAddressPolicy, context => PerAddress(context, limits => limits.RequestsPerMinutePerAddress, TimeSpan.FromMinutes(1)));
            limiter.AddPolicy(AuthApi.ResetPerAddressPolicy, context => PerAddress(context, limits => limits.PasswordResetsPerHourPerAddress, TimeSpan.FromHours(1)));
            limiter.OnRejected = async (rejected, _) =>
            {
                var response = rejected.HttpContext.Response;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                var policy = rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                await Problems.WriteAsync(rejected.HttpContext, 429, "rate_limited", policy switch
                {
                    CpfApi.PerOperatorPolicy => "Too many CPF checks from this operator in the last minute; wait before trying again.",
                    Payments.PixWebhookApi.PerAddressPolicy => "Too many notifications from this address in the last minute; wait before trying again.",
                    _ => "Too many requests to the sign-in routes from this address; wait before trying again.",
                });
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, Func<AuthLimitOptions, int> limit, TimeSpan period)
    {
        var services = context.RequestServices;
        var permits = Math.Max(1, limit(services.GetRequiredService<IOptions<AuthLimitOptions>>().Value));
        var address = services.GetRequiredService<ClientAddress>().Of(context)?.ToString() ?? "unknown";
        return Bucket(address, permits, period);
    }

    /// <summary>The platform's one shape of limit: so many permits per period for a partition, refilled whole, nothing queued.</summary>
    internal static RateLimitPartition<string> Bucket(string partition, int permits, TimeSpan period) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            TokensPerPeriod = permits,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
