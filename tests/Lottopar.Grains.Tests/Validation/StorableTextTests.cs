using System.Text;
using System.Text.Json;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Grains.Betting;
using Lottopar.Grains.Validation;
using Xunit;

namespace Lottopar.Grains.Tests.Validation;

public sealed class StorableTextTests
{
    [Fact]
    public void OnlyValidUnicodeWithoutNulCanBeStored()
    {
        // Built here, not passed as theory data: attribute arguments and xunit's case names are
        // UTF-8, which cannot hold a lone surrogate.
        (string Text, bool Storable)[] cases =
        [
            ("Flamengo vs. Palmeiras", true),
            ("", true),
            ("São Paulo – Curitiba ⚽ 🏆", true),
            ("a\0b", false),
            (new string(['\ud800']), false),
            (new string(['x', '\udc00']), false),
            (new string(['\udc00', '\ud800']), false),
            (new string(['\ud83c', '\udfc6']), true),
        ];

        Assert.All(cases, c => Assert.True(StorableText.IsStorable(c.Text) == c.Storable, $"{string.Join(' ', c.Text.Select(ch => ((int)ch).ToString("x4")))} should be storable: {c.Storable}"));
    }

    [Theory]
    [InlineData("""{"a":"ok","b":[1,"\u0000"]}""", "b[1]")]
    [InlineData("""{"contact":{"address":{"city":"x\ud800"}}}""", "contact.address.city")]
    [InlineData("""{"ok":1,"meta":{"\u0000":2}}""", "meta")]
    [InlineData("""["a",{"b":["c","\udfff"]}]""", "[1].b[1]")]
    [InlineData("\"\\u0000\"", "body")]
    public void TheFirstUnstorableTextOfAJsonDocumentIsFoundWithItsPath(string json, string path)
    {
        var problem = StorableJson.Problem(Encoding.UTF8.GetBytes(json));

        Assert.Equal(path, problem?.Path);
    }

    [Theory]
    [InlineData("""{"a":"Fla\u00e7a","b":["\ud83c\udfc6"],"c":null}""")]
    [InlineData("""{"a":"\u0000""")]
    [InlineData("")]
    public void CleanOrMalformedJsonHasNoTextProblem(string json) =>
        Assert.Null(StorableJson.Problem(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"c":"\ud800"}""", "meta.c")]
    [InlineData("""{"c":["x","\u0000"]}""", "meta.c[1]")]
    public void TheBettingRulesRefuseMetaThatCannotBeStored(string meta, string field)
    {
        var submission = new BettingEventSubmission("012.345.678-90", "new_bet", 50000, 40000, null, "slip", null, 10000, 1.8m, 1,
            null, null, null, null, [new BetLegSubmission("leg", 1.8m, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)],
            JsonDocument.Parse(meta).RootElement.Clone());

        var refusal = Assert.Throws<DomainValidationException>(() => BettingEventRules.Validate(submission, DateTimeOffset.UtcNow));

        Assert.Equal([field], refusal.Errors.Keys);
    }
}
