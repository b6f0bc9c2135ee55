using Lottopar.Runtime.Core;
using Lottopar.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Lottopar.Runtime.Tests.Unit;

public sealed class OutageTests
{
    [Fact]
    public void AnOutageIsAnErrorOnceThenDebugLinesWithLongerWaitsAndItsEndIsSaidOnce()
    {
        var log = new CapturedLogs("outage");
        var outage = new Outage(log.Logger(), "Polling", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));

        var waits = Enumerable.Range(0, 4).Select(_ => outage.Failed(new IOException("gone")).TotalSeconds).ToList();
        outage.Succeeded();
        outage.Succeeded();
        var afterwards = outage.Failed(new IOException("gone again"));

        Assert.Equal([1, 2, 4, 4], waits);
        Assert.Equal(TimeSpan.FromSeconds(1), afterwards);
        Assert.Equal(
            [
                (LogLevel.Error, "Polling failed; retrying with waits of up to 00:00:04"),
                (LogLevel.Debug, "Polling failed again (2 in a row): gone"),
                (LogLevel.Debug, "Polling failed again (3 in a row): gone"),
                (LogLevel.Debug, "Polling failed again (4 in a row): gone"),
                (LogLevel.Information, "Polling resumed after 4 failed attempts"),
                (LogLevel.Error, "Polling failed; retrying with waits of up to 00:00:04"),
            ],
            log.Entries.Select(e => (e.Level, e.Message)));
    }

    [Fact]
    public void SuccessWithoutAnOutageSaysNothing()
    {
        var log = new CapturedLogs("outage");

        new Outage(log.Logger(), "Polling", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)).Succeeded();

        Assert.Empty(log.Entries);
    }
}
