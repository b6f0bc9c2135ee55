namespace Lottopar.Silo.Cluster;

/// <summary>
/// Failures that say the cluster could not serve a call just now, not that the request was wrong:
/// a silo died or is leaving and its grains have not moved yet (Orleans'
/// <see cref="Orleans.Runtime.SiloUnavailableException"/> and message rejections, for a few seconds
/// after a kill -9 until the silo is voted dead), a call that got no answer in time
/// (Orleans' response timeout), and a gateway that sheds load. The front ends answer these as "retry shortly" (REST: 503 with
/// Retry-After; webSale: the operation's failure code) with a warning, not an error with a stack trace.
/// </summary>
public static class ClusterUnavailable
{
    public static bool Is(Exception error) => error is
        Orleans.Runtime.SiloUnavailableException
        or Orleans.Runtime.OrleansMessageRejectionException
        or Orleans.Runtime.GatewayTooBusyException
        or TimeoutException;
}
