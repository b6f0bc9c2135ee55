using Lottopar.GrainInterfaces.Common;
using Lottopar.Grains.Payments;
using Xunit;

namespace Lottopar.Grains.Tests.Payments;

public sealed class PaymentWebhookUrlTests
{
    [Theory]
    [InlineData("https://api.operadora.example.com.br/hooks/lottopar")]
    [InlineData("https://203.0.113.10/hooks")]
    public void PublicHttpsUrlsAreTakenInProduction(string url) =>
        PaymentWebhookGrain.ValidateUrl(url, DeploymentEnvironment.Production);

    [Theory]
    [InlineData("http://api.operadora.example.com.br/hooks")]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://localhost/hooks")]
    [InlineData("https://10.1.2.3/hooks")]
    [InlineData("https://172.20.0.1/hooks")]
    [InlineData("https://192.168.0.10/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://[fd00::1]/hooks")]
    public void InternalOrPlainUrlsAreRefusedInProduction(string url) =>
        Assert.Equal(["url"], Assert.Throws<DomainValidationException>(() => PaymentWebhookGrain.ValidateUrl(url, DeploymentEnvironment.Production)).Errors.Keys);

    [Theory]
    [InlineData("ftp://example.com/x")]
    [InlineData("https://user:pass@example.com/x")]
    [InlineData("/relative")]
    [InlineData("")]
    public void NonHttpUrlsAreRefusedEverywhere(string url) =>
        Assert.Throws<DomainValidationException>(() => PaymentWebhookGrain.ValidateUrl(url, DeploymentEnvironment.Homologation));

    [Fact]
    public void HomologationTakesALocalHttpReceiver() =>
        PaymentWebhookGrain.ValidateUrl("http://127.0.0.1:8080/hooks", DeploymentEnvironment.Homologation);
}
