using System.Net;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Silo.CpfChecks;
using Lottopar.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Lottopar.Silo.Tests.CpfChecks;

/// <summary>The national list's client: what it makes of each answer (the end-to-end case is in CpfValidationTests).</summary>
public sealed class NationalSelfExclusionClientTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero); // 12:00 in Brasília

    [Theory]
    [InlineData("{\"autoexcluido\":true,\"ate\":null}", true)]
    [InlineData("{\"autoexcluido\":true,\"ate\":\"2026-12-03\"}", true)]
    [InlineData("{\"autoexcluido\":true,\"ate\":\"2026-12-02\"}", false)]
    [InlineData("{\"autoexcluido\":false,\"ate\":null}", false)]
    public async Task TheListsAnswerIsTheVerdictThroughItsLastDay(string answer, bool excluded) =>
        Assert.Equal(excluded, await Client(HttpStatusCode.OK, answer).IsExcludedAsync("52998224725", default));

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "{}")]
    [InlineData(HttpStatusCode.Unauthorized, "{\"erro\":\"token invalido\"}")]
    [InlineData(HttpStatusCode.OK, "{\"something\":\"else\"}")]
    [InlineData(HttpStatusCode.OK, "not json")]
    public async Task AnythingButAVerdictIsUnavailableNotAllowed(HttpStatusCode status, string answer)
    {
        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => Client(status, answer).IsExcludedAsync("52998224725", default));
        Assert.Equal("national_self_exclusion", error.Dependency);
    }

    [Fact]
    public async Task WithoutAConfiguredListNothingIsAsked() =>
        Assert.Null(await new NationalSelfExclusionClient(new HttpClient(new Answer(HttpStatusCode.OK, "{}")), Options(), new ManualClock(Noon),
            NullLogger<NationalSelfExclusionClient>.Instance).IsExcludedAsync("52998224725", default));

    private static NationalSelfExclusionClient Client(HttpStatusCode status, string body) =>
        new(new HttpClient(new Answer(status, body)) { BaseAddress = new Uri("http://list.example/self-exclusion/") }, Options(), new ManualClock(Noon),
            NullLogger<NationalSelfExclusionClient>.Instance);

    private static IOptions<NationalSelfExclusionOptions> Options() => Microsoft.Extensions.Options.Options.Create(new NationalSelfExclusionOptions { Token = "t" });

    private sealed class Answer(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
    }
}
