using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Lottopar.Grains.Lottery;
using Xunit;
using Xunit.Abstractions;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// The webSale protocol under hostile input: operations 0 to 4 (and others), sale frames from valid to
/// broken (docs/websale-protocol.md, SaleFrame), provider, POS, printer serial, invoice, ticket, date and
/// turn of every shape, parameters missing or repeated, in the query string, a form body, both, a
/// multipart body or a broken one. The answer is always the protocol's, and a refusal sells nothing.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class WebSaleFuzzTests(FuzzFixture fixture, ITestOutputHelper output)
{
    private const string WebSalePath = "/webSale.jsp";

    private static readonly Gen<string> Draw = Gen.Frequency((8, Gen.Elements("01", "02", "03", "13", "14")), (1, Gen.Elements("99", "1", "001", "", "0\uff11", "AA")));

    private static readonly Gen<string> NumberType = Gen.Frequency((8, Gen.Elements("01", "02", "03", "04")), (1, Gen.Elements("00", "05", "1", "", "1e0")));

    private static readonly Gen<string> Number = Gen.Frequency(
        (3, Gen.Choose(0, 999).Select(n => n.ToString("D3", CultureInfo.InvariantCulture))),
        (2, Gen.Choose(0, 99).Select(n => n.ToString("D2", CultureInfo.InvariantCulture))),
        (2, Gen.Zip(Gen.Choose(1, 12), Gen.Choose(0, 999)).Select(t => $"{t.Item1:D2}{t.Item2:D3}")),
        (2, Gen.Zip(Gen.Choose(1, 12), Gen.Choose(0, 99)).Select(t => $"{t.Item1:D2}{t.Item2:D2}")),
        (1, Gen.Elements("000", "999", "1000", "13987", "00987", "-12", "1e2", "", "0000", "\uff11\uff12\uff13")));

    private static readonly Gen<string> Amount = Gen.Frequency(
        (6, Gen.Elements("0.1", "1", "0.5", "10", "100", "0.01", "2.50")),
        (3, Gen.Elements("1000000", "1000000.00", "1000000.01", "0", "0.00", ".5", "1.", "1.234", "-1", "1e3", "99999999999999999999", "1,5", " 1", "\uff11", "+1")),
        (1, Gen.Choose(1, 100_000_000).Select(n => (n / 100m).ToString(CultureInfo.InvariantCulture))));

    /// <summary>A record a draw of turn 1 sells (León A and B: triple, terminal; Tripletón: the zodiac types), with a plausible amount.</summary>
    private static readonly Gen<string> SellableRecord = Gen.Elements(("01", "01"), ("01", "02"), ("02", "01"), ("02", "02"), ("13", "03"), ("13", "04"))
        .SelectMany(play => Gen.Zip(
                play.Item2 switch
                {
                    "01" => Gen.Choose(0, 999).Select(n => n.ToString("D3", CultureInfo.InvariantCulture)),
                    "02" => Gen.Choose(0, 99).Select(n => n.ToString("D2", CultureInfo.InvariantCulture)),
                    "03" => Gen.Zip(Gen.Choose(1, 12), Gen.Choose(0, 999)).Select(t => $"{t.Item1:D2}{t.Item2:D3}"),
                    _ => Gen.Zip(Gen.Choose(1, 12), Gen.Choose(0, 99)).Select(t => $"{t.Item1:D2}{t.Item2:D2}"),
                },
                Gen.Frequency((4, Gen.Elements("0.1", "1", "0.5", "10", "0.01", "2.50")), (1, Amount)))
            .Select(t => $"{play.Item1}|{play.Item2}|{t.Item1}|{t.Item2}"));

    /// <summary>A record: mostly one a draw sells, else its fields drawn apart (wrong type for the draw, bad number, bad amount).</summary>
    private static readonly Gen<string> Record = Gen.Frequency(
        (5, SellableRecord),
        (1, Gens.Zip(Draw, NumberType, Number, Amount).Select(t => $"{t.Item1}|{t.Item2}|{t.Item3}|{t.Item4}")));

    /// <summary>A sale frame: a few records, sometimes around the 100-record limit, or broken.</summary>
    private static readonly Gen<string> Frame = Gen.Frequency(
        (8, Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Record, n)).SelectMany(records =>
            Gen.Frequency((6, Gen.Constant(";")), (3, Gen.Constant("")), (1, Gen.Elements(";;", "|", ";x", " "))).Select(end => string.Join(';', records) + end))),
        (1, Gen.Elements(99, 100, 101, 150).Select(n => string.Concat(Enumerable.Range(0, n).Select(i => $"01|01|{i % 1000:D3}|0.01;")))),
        (1, Gen.Elements("", ";", "|||", "01|01|320", "01|01|320|0.1|x;", new string('1', 8_001), "01|01|320|0.1;01|01|320|0.1;", "01|01|320|0.1;13|03|02320|0.1;")),
        (1, Hostile.Text.Select(t => Hostile.Cut(t, 9_000))));

    [Fact]
    public Task EveryWebSaleAnswerIsTheProtocolsAndARefusalSellsNothing()
    {
        var otherTicket = Gen.Choose(1, 999_999).Select(n => TicketNumber.Compose(fixture.Today, int.Parse(FuzzFixture.ProviderCode, CultureInfo.InvariantCulture), 28, n));
        var ticket = Gen.Frequency(
            (4, Gen.Constant(fixture.Ticket)),
            (3, otherTicket),
            (1, Gen.Zip(Gen.Choose(0, 25), Gen.Choose(0, 9)).Select(t => fixture.Ticket[..t.Item1] + t.Item2 + fixture.Ticket[(t.Item1 + 1)..])),
            (1, Gen.Elements("", "0", fixture.Ticket + "0", fixture.Ticket[..25], "00000000000000000000000000", "\uff12" + fixture.Ticket[1..])),
            (1, Hostile.Text.Select(t => Hostile.Cut(t, 200))));
        var operation = Gen.Frequency(
            (8, Gen.Constant("0")), (8, Gen.Elements("1", "2", "3", "4")), (2, Gen.Elements("5", "-1", "00", " 0", "", "9999999999", "+1", "\u0663")), (1, Hostile.Text));
        var parameters = operation.SelectMany(op => Gens.Zip(
                Gens.Zip(
                    Gen.Frequency((12, Gen.Constant(FuzzFixture.ProviderCode)), (1, Gen.Constant("43")),
                        (2, Gen.Elements("0", "000", "042", "1000", "-1", "9999999999999", "\u0664\u0662", "42 ")), (1, Hostile.Text)),
                    Gen.Frequency((10, Gen.Constant("28")), (3, Gen.Constant("1")), (2, Gen.Elements("0", "7", "99999", "100000", "0028", "-28")), (1, Hostile.Text)),
                    Gen.Frequency((12, Gen.Constant(FuzzFixture.PosSerial)), (1, Gen.Constant(FuzzFixture.PosSerial.ToLowerInvariant())),
                        (2, Gen.Elements("", "ZFUZZ0002", "ZFUZZ000280", "ZFUZZ00001")), (1, Hostile.Text))),
                Gens.Zip(
                    Gen.Frequency((12, Gen.Choose(0, 99_999_999).Select(n => n.ToString("D8", CultureInfo.InvariantCulture))),
                        (2, Gen.Elements("00000000", "00000001", "1234567", "123456789", "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "0000000a", "")), (1, Hostile.Text)),
                    op == "0" ? Frame : ticket,
                    Gen.Frequency((5, Gen.Constant(fixture.Today.ToString("yyyyMMdd", CultureInfo.InvariantCulture))),
                        (2, Gen.Elements("20260230", "00010101", "99991231", fixture.Day(), "", fixture.Today.AddDays(-1).ToString("yyyyMMdd", CultureInfo.InvariantCulture))),
                        (1, Hostile.Text))),
                Gen.Frequency((5, Gen.Elements("1", "2", "3")), (2, Gen.Elements("0", "4", "-1", "99", "01", "")), (1, Hostile.Text)),
                Gen.Constant(op))
            .Select(t => new[]
            {
                ("operation", t.Item4), ("providercod", t.Item1.Item1), ("poscod", t.Item1.Item2), ("serialifa", t.Item1.Item3),
                ("numfact", t.Item2.Item1), ("data", t.Item2.Item2), ("date", t.Item2.Item3), ("turn", t.Item3),
            }));
        var arranged = parameters.SelectMany(all => Gen.ArrayOf(Gen.Frequency((40, Gen.Constant(1)), (1, Gen.Constant(0)), (1, Gen.Constant(2))), all.Length)
            .Select(times => all.SelectMany((p, i) => Enumerable.Repeat(p, times[i])).ToArray()));
        var requests = arranged.SelectMany(list => Gen.Frequency(
                (4, Gen.Constant(Placement.Form)), (3, Gen.Constant(Placement.Query)), (1, Gen.Constant(Placement.QueryOnPost)),
                (1, Gen.Constant(Placement.Split)), (1, Gen.Constant(Placement.Multipart)), (1, Gen.Constant(Placement.BrokenForm)))
            .Select(placement => new WebSaleCase(Arrange(list, placement), list.Any(p => p.Item1 == "operation" && p.Item2 is "1" or "2" or "3"))));
        return Fuzz.CheckAsync(output, nameof(EveryWebSaleAnswerIsTheProtocolsAndARefusalSellsNothing), requests, 1000,
            c => Fuzz.WebSaleChangesNothingUnlessDoneAsync(fixture, c));
    }

    private enum Placement
    {
        Query,
        Form,
        QueryOnPost,
        Split,
        Multipart,
        BrokenForm,
    }

    private static FuzzRequest Arrange((string Name, string Value)[] parameters, Placement placement)
    {
        static string Encoded(IEnumerable<(string Name, string Value)> list) =>
            string.Join('&', list.Select(p => $"{Hostile.PercentEncode(p.Name)}={Hostile.PercentEncode(p.Value)}"));

        switch (placement)
        {
            case Placement.Query:
                return FuzzRequest.Get($"{WebSalePath}?{Encoded(parameters)}", Caller.Anonymous);
            case Placement.QueryOnPost:
                return new FuzzRequest("POST", $"{WebSalePath}?{Encoded(parameters)}", Caller.Anonymous, [], null, null);
            case Placement.Split:
                var half = parameters.Length / 2;
                return new FuzzRequest("POST", $"{WebSalePath}?{Encoded(parameters[..half])}", Caller.Anonymous, [], "application/x-www-form-urlencoded",
                    Encoding.ASCII.GetBytes(Encoded(parameters[half..])));
            case Placement.Multipart:
                var multipart = new StringBuilder();
                foreach (var (name, value) in parameters)
                {
                    multipart.Append(CultureInfo.InvariantCulture, $"--fuzz\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
                }

                return new FuzzRequest("POST", WebSalePath, Caller.Anonymous, [], "multipart/form-data; boundary=fuzz", Encoding.UTF8.GetBytes(multipart.Append("--fuzz--\r\n").ToString()));
            case Placement.BrokenForm:
                return new FuzzRequest("POST", WebSalePath, Caller.Anonymous, [], "application/x-www-form-urlencoded",
                    Encoding.UTF8.GetBytes(Encoded(parameters).Replace("%7C", "|", StringComparison.Ordinal).Replace("=", "=%", StringComparison.Ordinal) + "&%zz=%"));
            default:
                return new FuzzRequest("POST", WebSalePath, Caller.Anonymous, [], "application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(Encoded(parameters)));
        }
    }
}
