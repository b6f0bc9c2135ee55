using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// Generators of hostile input: JSON values and texts that break types and storage, path segments,
/// query strings, headers, content types. Everything a generator returns can be put on the wire by
/// the test's HTTP client: targets are percent-encoded ASCII, header values hold no CR or LF.
/// </summary>
public static class Hostile
{
    /// <summary>Numbers at and past the edges of the numeric types an endpoint may read.</summary>
    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "2", "0.0", "1.0", "2.0", "1.5", "-1.5", "0.01", "0.001", "1e3", "1E+2", "-1e-7", "1e-400",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "1e308", "1.7976931348623157e308", "1e309", "-1e400",
        "79228162514264337593543950335", "79228162514264337593543950336", "123456789012345678901234567890.123456789",
        "0.30000000000000004", "100000000000000000000000000000000000000000000000000000000000000000000000001",
    ];

    /// <summary>Texts that are wrong for storage (NUL, lone surrogates), for parsers, or for the domain's own formats.</summary>
    private static readonly string[] Texts =
    [
        "", " ", "\0", "a\0b", "\ud800", "\udfff", "x\ud800y", "\udc00\ud800", "\ud83d\ude00", "ç", "ñandú", "日本語", "\u202etxt", "\u200b", "\ufeff",
        "\uffff", "\ufffe", "\u0001\u001f\u007f", "\r\n", "\t", "<script>alert(1)</script>", "'; drop table grain_state; --", "\" or \"1\"=\"1",
        "%00", "%s%n%x", "{0}", "${jndi:ldap://x/a}", "../../../etc/passwd", "..\\..\\windows", "null", "NaN", "Infinity", "-0", "true", "0x10",
        "1e3", "OPR-000001", "opr-000001", "OPR-999999", "OPR-", "lottopar-admin", "operator-admin", "homologation", "production", "active",
        "revoked", "new_bet", "result", "open", "won", "2026-02-30", "2026-11-22T25:61:00Z", "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00", "2024-01-15T15:30:00", "2024-01-15", "a@b", "@", "a@b.c", "x@lottopar.example.com.br", "127.0.0.1", "::1",
        "0.0.0.0/0", "10.0.0.0/33", "999.1.1.1", "fe80::1%eth0", "ssh-ed25519 AAAA", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
        "012.345.678-90", "00000000000", "11.222.333/0001-81", "(41) 99876-5432", "+5541998765432", "80020-310", "PR", "XX",
        "0001-01-01", "9999-12-31", "9999-12-30", "1900-01-01", "2000-02-29", "2100-02-29", "00:00", "23:59", "23:59:59.9999999", "24:00:00",
        "-01:00", "12:00:00+03:00", "P1D", "1.00:00:00",
    ];

    private static readonly char[] Chars =
    [
        'a', 'Z', '0', '9', ' ', '-', '_', '.', '/', '\\', '"', '\'', '%', '&', '=', '?', '#', ';', '|', ':', '@', '<', '>', '{', '}', '[', ']',
        '\0', '\u0001', '\u001f', '\u007f', '\u0080', '\u00a0', 'ç', '\u2028', '\ud800', '\udc00', '\ufeff', '\uffff', '日', '\n', '\r', '\t',
        '+', '*', '$', '!', '~', '`', '^', ',',
    ];

    /// <summary>Path segments as they travel (percent-encoded or raw): encodings, dots, numbers at the edges, ids of nothing.</summary>
    private static readonly string[] RawSegments =
    [
        "%00", "a%00b", "%ff", "%FF%FE", "%ED%A0%80", "%C0%AF", "%E2%80%AE", "%2F", "a%2Fb", "%2e%2e", "..", ".", "%5C", "%25", "%20", "+",
        "a%3Bb", ";x=1", "-1", "0", "00", "1e3", "9223372036854775807", "99999999999999999999", "null", "undefined", "%7Boprid%7D", "%3Cx%3E",
        "OPR-000000", "OPR-999999", "OPR-", "opr-000001", "OPR-1", "OPR-0000001", "%C3%A7", "%F0%9F%98%80", "~", "*", "!", "'", "(", ")", "$",
        ",", ":", "@", "=", "",
    ];

    /// <summary>Query-string fragments that are not a plain name=value pair.</summary>
    private static readonly string[] RawQueryParts =
    [
        "&", "=", "==", "%", "%G1", "%0", "a=%00", "%00=1", "a=%ff", "&&&", "=x", "a=b=c", "?", "??a=1", "a[]=1", "a[0]=1", "a.b=1", "%2525", "+=+",
    ];

    private static readonly string[] QueryValues =
    [
        "", "%00", "a%00b", "%ff", "%ED%A0%80", "%C0%AF", "-1", "0", "1", "10", "1000", "1001", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "1.5", "1e3", "abc", "true", "2026-01-01", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00%2B14:00",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0000-00-00", "2026-02-30", "+", "%2B", "%20", "OPR-000001", "OPR-999999", "pending",
        "active", "PENDING", "security", "unknown_key", "%25", "%22", "%27", "%3B", "%7C",
    ];

    private static readonly string[] HeaderValues =
    [
        "", " ", "null", "*", "%00", "\u00e7", "\u00ff", "\u65e5", "a\tb", "\u007f", "\u0001", "()<>@,;:\\\"/[]?={}", "../../",
        "application/json", "text/html", "*/*;q=foo", "gzip", "bytes=0-0,-1", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-zz-zz-zz", "1.2.3.4", "1.2.3.4, garbage", "::1", "127.0.0.1", "for=\"[::1]\";proto=http", "999.999.999.999", "unknown",
    ];

    private static readonly string[] HeaderNames =
    [
        "X-Fuzz", "Accept", "Accept-Language", "Accept-Charset", "Accept-Encoding", "Cookie", "Origin", "Referer", "User-Agent",
        "X-Requested-With", "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "If-None-Match", "If-Modified-Since",
        "Range", "X-HTTP-Method-Override", "X-Lottopar-Environment", "traceparent", "tracestate", "baggage", "Idempotency-Key", "x-api-key",
        "Authorization",
    ];

    public static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/json; charset=utf-16", "application/json; charset=latin1",
        "application/json;", "application/json; charset=\"", "text/plain", "text/json", "application/x-www-form-urlencoded", "multipart/form-data",
        "multipart/form-data; boundary=x", "application/problem+json", "application/json-patch+json", "*/*", "", "application", ";;;",
        "application/json, text/plain", "application/xml", "image/png",
    ];

    /// <summary>Any text, often one the platform must refuse to store; sometimes tens of thousands of characters.</summary>
    public static Gen<string> Text { get; } = Gen.Frequency(
        (6, Gen.Elements(Texts)),
        (3, Gen.ArrayOf(Gen.Elements(Chars)).Select(chars => new string(chars))),
        (1, Gen.Zip(Gen.Elements("x", "ç", "\ud83d\ude00", "\0", "a\u0301", "9"), Gen.Choose(1_000, 40_000))
            .Select(t => string.Concat(Enumerable.Repeat(t.Item1, t.Item2)))));

    /// <summary>A JSON value (as JSON text) of any type: edge numbers, hostile strings, deep nesting, long arrays.</summary>
    public static Gen<string> JsonValue { get; } = Gen.Frequency(
        (5, Gen.Elements(Numbers)),
        (2, Gen.Choose(-1_000_000_000, 1_000_000_000).Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (6, Text.Select(JsonString)),
        (2, Gen.Elements("null", "true", "false", "[]", "{}", "[null]", "[1,2,3]", "[\"a\",\"a\"]", "{\"a\":1}", "{\"\":null}", "[[]]", "\"\"")),
        (1, Gen.Choose(2, 3_000).Select(Nested)),
        (1, Gen.Choose(100, 5_000).Select(n => "[" + string.Join(',', Enumerable.Repeat("0", n)) + "]")));

    /// <summary>A property name for an unknown field: odd, empty, reserved by serialisers, unstorable.</summary>
    public static Gen<string> PropertyName { get; } = Gen.Frequency(
        (3, Gen.Elements("unknown", "", " ", "$type", "$id", "$ref", "__proto__", "constructor", "\0", "\ud800", "a.b", "a[0]", "ID", "Oprid")),
        (1, Text.Select(t => Cut(t, 300))));

    /// <summary>
    /// A path segment: one of <paramref name="valid"/> (mostly, so that most requests reach the endpoint's
    /// own checks), a valid one damaged, or something hostile. A NUL is rare: the server refuses it in a
    /// path before the application runs (ResponseHeaderTests).
    /// </summary>
    public static Gen<string> Segment(params string[] valid)
    {
        var known = valid.Length > 0 ? valid : ["x"];
        return Gen.Frequency(
            (10, Gen.Elements(known)),
            (2, Gen.Elements(RawSegments)),
            (2, Text.Select(t => Cut(PercentEncode(t.Replace("\0", "", StringComparison.Ordinal)), 3_000))),
            (1, Gen.Choose(256, 6_000).Select(n => new string('A', n))),
            (1, Gen.Zip(Gen.Elements(known), Gen.Elements("%00", "%ff", "%20", "x", ".", "%2F..", "0", "%ED%A0%80"))
                .Select(t => t.Item1 + t.Item2)));
    }

    /// <summary>A query string ("" or "?..."): known and odd names, hostile values, repeated parameters, broken syntax.</summary>
    public static Gen<string> Query(params string[] names)
    {
        var name = Gen.Frequency(
            (4, names.Length > 0 ? Gen.Elements(names) : Gen.Elements("q")),
            (1, Text.Select(t => PercentEncode(Cut(t, 100)))));
        var value = Gen.Frequency(
            (4, Gen.Elements(QueryValues)),
            (3, Text.Select(t => Cut(PercentEncode(t), 2_000))),
            (1, Gen.Choose(1_000, 9_000).Select(n => new string('x', n))));
        var pair = Gen.Frequency(
            (8, Gen.Zip(name, value).Select(p => p.Item1 + "=" + p.Item2)),
            (1, name),
            (1, Gen.Elements(RawQueryParts)));
        var pairs = Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(pair, n));
        var withRepeats = pairs.SelectMany(list => list.Length == 0
            ? Gen.Constant(list)
            : Gen.Frequency((3, Gen.Constant(list)), (1, Gen.Elements(list).Select(p => (string[])[.. list, p]))));
        return withRepeats.Select(list => list.Length == 0 ? "" : "?" + string.Join('&', list));
    }

    /// <summary>Zero to three extra headers: names the platform reads or may read, values that are odd, long or not ASCII.</summary>
    public static Gen<KeyValuePair<string, string>[]> Headers { get; } = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(
        Gen.Zip(Gen.Elements(HeaderNames), HeaderValue()).Select(p => KeyValuePair.Create(p.Item1, p.Item2)), n));

    /// <summary>A header value: odd, long, not ASCII (sent as UTF-8); never CR or LF, which no client would send.</summary>
    public static Gen<string> HeaderValue() => Gen.Frequency(
        (3, Gen.Elements(HeaderValues)),
        (3, Text.Select(t => HeaderSafe(Cut(t, 4_000)))),
        (1, Gen.Choose(1_000, 9_000).Select(n => new string('k', n))));

    /// <summary>An x-api-key value: nearly the key, the key's shape with bad parts, or anything.</summary>
    public static Gen<string> ApiKey(string validKey)
    {
        var part = Gen.Elements(validKey.Split('_', 5));
        var shaped = Gens.Zip(
                Gen.Elements("lp", "LP", "xx", ""),
                Gen.Elements("hml", "prd", "dev", "", "HML"),
                Gen.Frequency((2, Gen.Elements("OPR-000001", "OPR-999999", "", new string('9', 32), new string('9', 33), "OPR-000001/../x")), (1, Text.Select(t => HeaderSafe(Cut(t, 40))))))
            .SelectMany(t => Gen.Zip(
                    Gen.Elements("0123456789abcdef", "0123456789abcde", "0123456789abcdef0", "zzzzzzzzzzzzzzzz", "%00%00%00%00%00%0"),
                    Gen.Elements(new string('s', 20), new string('s', 19), new string('s', 100), new string('s', 101), "çççççççççççççççççççç"))
                .Select(u => string.Join('_', t.Item1, t.Item2, t.Item3, u.Item1, u.Item2)));
        var damaged = Gen.Zip(Gen.Choose(0, validKey.Length - 1), Gen.Elements('x', '_', ' ', '0', 'ç', '\0'))
            .Select(t => validKey[..t.Item1] + t.Item2 + validKey[(t.Item1 + 1)..]);
        return Gen.Frequency(
            (2, Gen.Elements("", " ", "lp", "lp_", "lp_hml", "lp_hml_OPR-000001", "Bearer x", "null", validKey.ToUpperInvariant(), " " + validKey + " ",
                validKey + "x", validKey[..^1], validKey.Replace("_hml_", "_prd_", StringComparison.Ordinal), validKey + "_" + validKey)),
            (3, shaped),
            (2, damaged.Select(HeaderSafe)),
            (1, part),
            (1, Text.Select(t => HeaderSafe(Cut(t, 2_000)))));
    }

    /// <summary>An Authorization value: not a bearer token of a session.</summary>
    public static Gen<string> Authorization { get; } = Gen.Frequency(
        (3, Gen.Elements("Bearer", "Bearer ", "Bearer lps_", "bearer lps_x", "Basic Zm9vOmJhcg==", "Bearer " + new string('x', 5_000),
            "Bearer lps_" + new string('A', 43), "Bearer lps_%00", "Bearer lps_\u00e7", "Negotiate abc", "Bearer a b c", "Bearer \t", "lps_abc")),
        (1, Text.Select(t => "Bearer " + HeaderSafe(Cut(t, 2_000)))));

    /// <summary>An Idempotency-Key value: empty, too long, not visible ASCII.</summary>
    public static Gen<string> IdempotencyKey { get; } = Gen.Frequency(
        (3, Gen.Elements("", " ", "a", new string('k', 255), new string('k', 256), "ç", "a b", "\t", "key\u007f", "k\u00ff", "%00", "../x")),
        (1, Text.Select(t => HeaderSafe(Cut(t, 1_000)))));

    /// <summary>A content type for a body: JSON, nearly JSON, or something else.</summary>
    public static Gen<string?> ContentType { get; } = Gen.Frequency(
        (1, Gen.Constant<string?>(null)),
        (6, Gen.Elements(ContentTypes).Select(c => (string?)c)));

    /// <summary>A JSON string literal for any text: lone surrogates and control characters written as \u escapes.</summary>
    public static string JsonString(string text)
    {
        var json = new StringBuilder("\"");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (c == '"' || c == '\\')
            {
                json.Append('\\').Append(c);
            }
            else if (c is >= ' ' and <= '~' || (c >= '\u00a0' && !char.IsSurrogate(c)))
            {
                json.Append(c);
            }
            else if (pair)
            {
                json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}\\u{(int)text[++i]:x4}");
            }
            else
            {
                json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return json.Append('"').ToString();
    }

    /// <summary>Text as a URL path segment or query value: UTF-8 (a lone surrogate becomes U+FFFD), unreserved characters kept.</summary>
    public static string PercentEncode(string text)
    {
        var encoded = new StringBuilder();
        foreach (var b in new UTF8Encoding(false, false).GetBytes(text))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return encoded.ToString();
    }

    /// <summary>
    /// A header value without CR and LF (the HTTP client refuses them: header injection) and without NUL,
    /// which the server refuses with a bare 400 before the application runs.
    /// </summary>
    public static string HeaderSafe(string text) => text.Replace('\r', ' ').Replace('\n', ' ').Replace('\0', ' ');

    public static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>Arrays or objects nested <paramref name="depth"/> deep (the platform's JSON reader stops at 64).</summary>
    private static string Nested(int depth) => depth % 2 == 0
        ? new string('[', depth) + new string(']', depth)
        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}

/// <summary>Generators combined: FsCheck's fluent Zip takes two.</summary>
public static class Gens
{
    public static Gen<(T1, T2, T3)> Zip<T1, T2, T3>(Gen<T1> first, Gen<T2> second, Gen<T3> third) =>
        from a in first
        from b in second
        from c in third
        select (a, b, c);

    public static Gen<(T1, T2, T3, T4)> Zip<T1, T2, T3, T4>(Gen<T1> first, Gen<T2> second, Gen<T3> third, Gen<T4> fourth) =>
        from a in first
        from b in second
        from c in third
        from d in fourth
        select (a, b, c, d);
}
