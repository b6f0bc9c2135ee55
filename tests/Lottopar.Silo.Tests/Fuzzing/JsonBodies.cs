using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// Hostile bodies made from a valid one: one to three changes to its tree (a value replaced by a
/// hostile one, a field removed, an unknown field added, a key repeated), then sometimes the text
/// cut short, replaced whole, or sent as bytes that are not UTF-8.
/// </summary>
public static class JsonBodies
{
    private abstract record Change(IReadOnlyList<object> Path);

    private sealed record Replace(IReadOnlyList<object> Path, string Json) : Change(Path);

    private sealed record Remove(IReadOnlyList<object> Path) : Change(Path);

    private sealed record AddField(IReadOnlyList<object> Path, string Name, string Json) : Change(Path);

    private sealed record RepeatKey(IReadOnlyList<object> Path, string Json) : Change(Path);

    /// <summary>Hostile variants of <paramref name="document"/> as text (which may no longer be JSON).</summary>
    public static Gen<string> Text(string document)
    {
        var root = JsonNode.Parse(document)!;
        var values = new List<IReadOnlyList<object>>();
        var objects = new List<IReadOnlyList<object>> { Array.Empty<object>() };
        var properties = new List<IReadOnlyList<object>>();
        Walk(root, [], values, objects, properties);
        var changes = new List<(int, Gen<Change>)>
        {
            (2, Gens.Zip(Gen.Elements(objects), Hostile.PropertyName, Hostile.JsonValue).Select(t => (Change)new AddField(t.Item1, t.Item2, t.Item3))),
        };
        if (values.Count > 0)
        {
            changes.Add((4, Gen.Zip(Gen.Elements(values), Hostile.JsonValue).Select(t => (Change)new Replace(t.Item1, t.Item2))));
            changes.Add((6, Gen.Elements(values).SelectMany(p => SameKind(Find(root, p)).Select(json => (Change)new Replace(p, json)))));
            changes.Add((2, Gen.Elements(values).Select(p => (Change)new Remove(p))));
        }

        if (properties.Count > 0)
        {
            changes.Add((2, Gen.Zip(Gen.Elements(properties), Hostile.JsonValue).Select(t => (Change)new RepeatKey(t.Item1, t.Item2))));
        }

        var changed = Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Frequency(changes), n)).Select(list => Apply(document, list));
        return Gen.Frequency(
            (12, changed),
            (1, Gen.Zip(changed, Gen.Choose(0, 100)).Select(t => t.Item1[..(t.Item1.Length * t.Item2 / 100)])),
            (1, Gen.Elements(Whole(document))));
    }

    /// <summary>Hostile variants of <paramref name="document"/> as the bytes of a body, now and then not UTF-8 at all.</summary>
    public static Gen<byte[]> Bytes(string document) => Gen.Frequency(
        (12, Text(document).Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Choose(0, document.Length).Select(at => Splice(Encoding.UTF8.GetBytes(document), at, [0xC0, 0xAF]))),
        (1, Gen.Choose(0, document.Length).Select(at => Splice(Encoding.UTF8.GetBytes(document), at, [0xFF, 0xFE, 0x00]))),
        (1, Gen.Constant(Encoding.Unicode.GetBytes(document))),
        (1, Gen.Constant(Encoding.UTF8.GetBytes(document).Select(b => b == (byte)'a' ? (byte)0 : b).ToArray())));

    /// <summary>
    /// A value of the same JSON kind as <paramref name="original"/>, so that it passes the parser and reaches
    /// the rules: a text at the edge of a domain format, the original damaged or repeated; an edge number;
    /// an array emptied, nulled or with its first item many times over.
    /// </summary>
    private static Gen<string> SameKind(JsonNode? original) => original switch
    {
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => Gen.Frequency(
            (3, Hostile.Text.Select(Hostile.JsonString)),
            (2, Gen.Elements(Damaged(value.GetValue<string>())).Select(Hostile.JsonString))),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.Number => Hostile.JsonValue.Where(IsNumber),
        JsonArray array => Gen.Frequency(
            (2, Gen.Elements("[]", "[null]", "null")),
            (2, Gen.Choose(2, 300).Select(n => "[" + string.Join(',', Enumerable.Repeat(array.Count > 0 ? array[0]?.ToJsonString() ?? "null" : "\"x\"", n)) + "]")),
            (1, Hostile.JsonValue.Select(v => "[" + v + "]"))),
        _ => Hostile.JsonValue,
    };

    private static bool IsNumber(string json) => json.Length > 0 && (char.IsAsciiDigit(json[0]) || json[0] == '-');

    /// <summary>A text nearly right: cut, lengthened, cased, padded, a character changed, repeated.</summary>
    private static string[] Damaged(string text) =>
    [
        "", text[..(text.Length / 2)], text + "x", text + text, text.ToUpperInvariant(), text.ToLowerInvariant(), $" {text} ", text + "\u00e7",
        text.Length > 0 ? text[..^1] + "9" : "9", string.Concat(Enumerable.Repeat(text.Length > 0 ? text : "x", 1 + (4_000 / Math.Max(1, text.Length)))),
    ];

    /// <summary>The body replaced whole, or wrapped in something no JSON reader should take.</summary>
    private static string[] Whole(string document) =>
    [
        "", " ", "null", "[]", "\"x\"", "0", "{}", "{", "}", "[", "{\"a\":", "\ufeff" + document, document + document, document + "x",
        "/*c*/" + document, document[..document.LastIndexOf('}')] + ",}", document.Replace('"', '\''), document.Replace(":", "=", StringComparison.Ordinal),
        "[" + document + "]", "{\"body\":" + document + "}", "\0", document.Replace(",", ",\n\t", StringComparison.Ordinal),
    ];

    private static void Walk(JsonNode? node, List<object> path, List<IReadOnlyList<object>> values, List<IReadOnlyList<object>> objects,
        List<IReadOnlyList<object>> properties)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    List<object> childPath = [.. path, name];
                    values.Add(childPath);
                    properties.Add(childPath);
                    if (child is JsonObject)
                    {
                        objects.Add(childPath);
                    }

                    Walk(child, childPath, values, objects, properties);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    List<object> childPath = [.. path, i];
                    values.Add(childPath);
                    if (array[i] is JsonObject)
                    {
                        objects.Add(childPath);
                    }

                    Walk(array[i], childPath, values, objects, properties);
                }

                break;
        }
    }

    /// <summary>
    /// Applies the changes to a fresh tree. Hostile values go in as marker strings, replaced by the raw
    /// text after serialising (the serialiser would refuse a lone surrogate or a repeated key). A change
    /// whose path an earlier change removed is dropped.
    /// </summary>
    private static string Apply(string document, IReadOnlyList<Change> changes)
    {
        var root = JsonNode.Parse(document)!;
        var raw = new Dictionary<string, string>();
        string Marker(string json)
        {
            var marker = string.Create(CultureInfo.InvariantCulture, $"__fuzz{raw.Count}__");
            raw[marker] = json;
            return marker;
        }

        foreach (var change in changes)
        {
            var parent = Find(root, change.Path.Count > 0 && change is not AddField ? change.Path.Take(change.Path.Count - 1) : change.Path);
            var last = change.Path.Count > 0 ? change.Path[^1] : null;
            switch (change)
            {
                case Replace replace when parent is JsonObject obj && last is string name && obj.ContainsKey(name):
                    obj[name] = Marker(replace.Json);
                    break;
                case Replace replace when parent is JsonArray array && last is int index && index < array.Count:
                    array[index] = Marker(replace.Json);
                    break;
                case Remove when parent is JsonObject obj && last is string name:
                    obj.Remove(name);
                    break;
                case Remove when parent is JsonArray array && last is int index && index < array.Count:
                    array.RemoveAt(index);
                    break;
                case AddField add when parent is JsonObject obj:
                    obj[Marker(Hostile.JsonString(add.Name))] = Marker(add.Json);
                    break;
                case RepeatKey repeat when parent is JsonObject obj && last is string name && obj.ContainsKey(name):
                    obj[Marker(Hostile.JsonString(name))] = Marker(repeat.Json);
                    break;
            }
        }

        var text = root.ToJsonString();
        foreach (var (marker, json) in raw)
        {
            text = text.Replace($"\"{marker}\"", json, StringComparison.Ordinal);
        }

        return text;
    }

    private static JsonNode? Find(JsonNode? node, IEnumerable<object> path)
    {
        foreach (var step in path)
        {
            node = (step, node) switch
            {
                (string name, JsonObject obj) => obj[name],
                (int index, JsonArray array) when index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    private static byte[] Splice(byte[] bytes, int at, byte[] inserted) => [.. bytes[..Math.Min(at, bytes.Length)], .. inserted, .. bytes[Math.Min(at, bytes.Length)..]];
}
