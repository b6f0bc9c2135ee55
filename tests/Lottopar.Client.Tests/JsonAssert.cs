using System.Text.Json;
using Xunit.Sdk;

namespace Lottopar.Client.Tests;

/// <summary>Structural JSON equality: same members (in any order), same array elements in order, numbers by value.</summary>
internal static class JsonAssert
{
    public static void Equivalent(string expected, string actual)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        using var actualDocument = JsonDocument.Parse(actual);
        Equivalent(expectedDocument.RootElement, actualDocument.RootElement, "$");
    }

    private static void Equivalent(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            throw new XunitException($"{path}: expected {expected.ValueKind} {expected}, got {actual.ValueKind} {actual}");
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                if (!expectedNames.SequenceEqual(actualNames))
                {
                    throw new XunitException(
                        $"{path}: missing [{string.Join(", ", expectedNames.Except(actualNames))}], unexpected [{string.Join(", ", actualNames.Except(expectedNames))}]");
                }

                foreach (var property in expected.EnumerateObject())
                {
                    Equivalent(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    throw new XunitException($"{path}: expected {expected.GetArrayLength()} elements, got {actual.GetArrayLength()}");
                }

                foreach (var (item, index) in expected.EnumerateArray().Zip(actual.EnumerateArray()).Select((pair, i) => (pair, i)))
                {
                    Equivalent(item.First, item.Second, $"{path}[{index}]");
                }

                break;
            case JsonValueKind.Number when expected.GetDecimal() != actual.GetDecimal():
            case JsonValueKind.String when expected.GetString() != actual.GetString():
                throw new XunitException($"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
        }
    }
}
