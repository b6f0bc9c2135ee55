using System.Globalization;
using System.Text;
using Lottopar.Grains.Vault;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Grains.Tests.Vault;

/// <summary>The examples operators copy from docs/vault-format.md pass the vault's own checks.</summary>
public sealed class VaultFormatDocumentTests
{
    [Theory]
    [InlineData("### Exemplo completo", 13, "2026-12-04T00:10:00-03:00")]
    [InlineData("### Hora sem eventos", 0, "2026-12-04T05:10:00-03:00")]
    public void TheDocumentedExampleIsAccepted(string heading, int typesAtLeast, string receivedAt)
    {
        var handedOn = new List<VaultRecord>();
        using var xml = new MemoryStream(Encoding.UTF8.GetBytes(ExampleAfter(heading)));

        var check = VaultFileReader.Read(xml, new VaultFileExpectations("OPR-000042", DateTimeOffset.Parse(receivedAt, CultureInfo.InvariantCulture)), handedOn.Add);

        Assert.True(check.Accepted, string.Join("\n", check.Errors));
        Assert.True(handedOn.Select(r => r.Type).Distinct().Count() >= typesAtLeast);
    }

    /// <summary>The first ```xml block after the heading.</summary>
    private static string ExampleAfter(string heading)
    {
        var document = File.ReadAllText(Repository.PathOf("docs", "vault-format.md"));
        var section = document.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(section >= 0, $"docs/vault-format.md has no heading {heading}.");
        var start = document.IndexOf("```xml\n", section, StringComparison.Ordinal) + "```xml\n".Length;
        var end = document.IndexOf("\n```", start, StringComparison.Ordinal);
        return document[start..end];
    }
}
