using Lottopar.Grains.Validation;
using Xunit;

namespace Lottopar.Grains.Tests.Validation;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("fiscal@lottopar.pr.gov.br", "fiscal@lottopar.pr.gov.br")]
    [InlineData("  Fiscal.Apostas@Lottopar.PR.gov.BR \t", "fiscal.apostas@lottopar.pr.gov.br")]
    [InlineData("a@b.co", "a@b.co")]
    [InlineData("first.last+tag@sub-domain.example.com", "first.last+tag@sub-domain.example.com")]
    [InlineData("!#$%&'*+/=?^_`{|}~-@example.org", "!#$%&'*+/=?^_`{|}~-@example.org")]
    [InlineData("user@xn--bcher-kva.example", "user@xn--bcher-kva.example")]
    [InlineData("user@123.example.com", "user@123.example.com")]
    public void AcceptsAndNormalizes(string input, string expected)
    {
        Assert.True(EmailAddress.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no-at-sign.example.com")]
    [InlineData("two@@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("@example.com")]
    [InlineData("user@")]
    [InlineData(".user@example.com")]
    [InlineData("user.@example.com")]
    [InlineData("us..er@example.com")]
    [InlineData("us er@example.com")]
    [InlineData("\"quoted\"@example.com")]
    [InlineData("user(comment)@example.com")]
    [InlineData("usér@example.com")]
    [InlineData("user@localhost")]
    [InlineData("user@example")]
    [InlineData("user@example.c")]
    [InlineData("user@example.c0m")]
    [InlineData("user@example.123")]
    [InlineData("user@-example.com")]
    [InlineData("user@example-.com")]
    [InlineData("user@exa_mple.com")]
    [InlineData("user@example..com")]
    [InlineData("user@.example.com")]
    [InlineData("user@example.com.")]
    [InlineData("user@[200.10.20.1]")]
    [InlineData("user@exämple.com")]
    [InlineData("user@example.com\nBcc: victim@example.com")]
    public void Rejects(string? input)
    {
        Assert.False(EmailAddress.TryNormalize(input, out var normalized));
        Assert.Equal(string.Empty, normalized);
    }

    [Fact]
    public void EnforcesTheLengthLimits()
    {
        var local64 = new string('a', 64);
        var label63 = new string('b', 63);
        Assert.True(EmailAddress.TryNormalize($"{local64}@example.com", out _));
        Assert.False(EmailAddress.TryNormalize($"{local64}a@example.com", out _));
        Assert.True(EmailAddress.TryNormalize($"user@{label63}.com", out _));
        Assert.False(EmailAddress.TryNormalize($"user@{label63}b.com", out _));

        // 64 + 1 + (63 + 1) * 2 + 58 + 1 + 2 = 254 characters exactly, then one more.
        var domain254 = $"{label63}.{label63}.{new string('c', 58)}.br";
        var longest = $"{local64}@{domain254}";
        Assert.Equal(254, longest.Length);
        Assert.True(EmailAddress.TryNormalize(longest, out _));
        Assert.False(EmailAddress.TryNormalize($"{local64}@{label63}.{label63}.{new string('c', 59)}.br", out _));
    }
}
