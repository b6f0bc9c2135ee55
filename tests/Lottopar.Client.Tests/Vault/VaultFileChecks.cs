using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Xunit;
using Xunit.Sdk;

namespace Lottopar.Client.Tests.Vault;

/// <summary>
/// Independent checks of an hourly file, written from docs/vault-format.md and the repository's
/// docs/vault-format.xsd without the client's code: schema validity while reading, then the rules
/// a schema cannot state (order, totals, CPF check digits, the hour's bounds, created_at, ids, corrections, wallets).
/// </summary>
internal static class VaultFileChecks
{
    public static readonly XNamespace Ns = "urn:lottopar:vault:1";

    private static readonly string[] Types =
        ["registration", "registration_update", "self_exclusion", "login", "logout", "deposit", "withdrawal", "bet", "win", "bonus", "daily_wallet", "correction", "annulment"];

    private static readonly Lazy<XmlSchemaSet> Schema = new(() =>
    {
        var set = new XmlSchemaSet();
        set.Add("urn:lottopar:vault:1", Path.Combine(RepositoryRoot(), "docs", "vault-format.xsd"));
        set.Compile();
        return set;
    });

    /// <summary>Validates against the XSD while reading, then checks the file's own rules; returns the document.</summary>
    public static XDocument Check(string path)
    {
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schema.Value, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => throw new XunitException($"{path}:{e.Exception.LineNumber}: {e.Message}");
        XDocument document;
        using (var reader = XmlReader.Create(path, settings))
        {
            document = XDocument.Load(reader);
        }

        CheckRules(document);
        return document;
    }

    public static IEnumerable<XElement> Records(XDocument document) => document.Root!.Element(Ns + "records")!.Elements();

    private static void CheckRules(XDocument document)
    {
        var header = document.Root!.Element(Ns + "header")!;
        var hour = XmlConvert.ToDateTimeOffset(header.Element(Ns + "hour")!.Value);
        Assert.Equal(0, hour.UtcTicks % TimeSpan.TicksPerHour);
        Assert.True(XmlConvert.ToDateTimeOffset(header.Element(Ns + "created_at")!.Value) >= hour.AddHours(1), "created_at is before the hour ends");
        Assert.True(int.Parse(header.Element(Ns + "part")!.Value) <= int.Parse(header.Element(Ns + "parts")!.Value));

        var counts = new long[Types.Length];
        var amounts = new long[Types.Length];
        var ids = new HashSet<string>();
        (DateTimeOffset At, int Rank)? previous = null;
        foreach (var record in Records(document))
        {
            var type = record.Name.LocalName;
            var rank = Array.IndexOf(Types, type);
            var id = record.Attribute("id")!.Value;
            var at = XmlConvert.ToDateTimeOffset(record.Attribute("at")!.Value);
            Assert.True(at >= hour && at < hour.AddHours(1), $"{id} at {at:O} is outside the hour");
            Assert.True(previous is null || previous.Value.At < at || (previous.Value.At == at && previous.Value.Rank <= rank), $"{id} is out of order");
            Assert.True(ids.Add(id), $"{id} is used twice");
            previous = (at, rank);
            counts[rank]++;
            if (record.Element(Ns + "amount") is { } amount)
            {
                amounts[rank] += long.Parse(amount.Value);
            }

            foreach (var cpf in record.Descendants(Ns + "cpf"))
            {
                Assert.True(IsValidCpf(cpf.Value), $"{id}: CPF {cpf.Value} has wrong check digits");
            }

            if (type == "correction")
            {
                var carried = record.Elements().Single(e => Array.IndexOf(Types, e.Name.LocalName) >= 0);
                Assert.Equal(record.Element(Ns + "corrects")!.Value, carried.Attribute("id")!.Value);
                Assert.Equal(carried.Attribute("at")!.Value[..10], record.Element(Ns + "corrects_date")!.Value);
            }

            if (type == "daily_wallet")
            {
                long Value(string name) => long.Parse(record.Element(Ns + name)!.Value);
                Assert.Equal(Value("closing_balance"),
                    Value("opening_balance") + Value("deposits") - Value("withdrawals") - Value("stakes") + Value("winnings") + Value("bonuses"));
            }
        }

        var totals = header.Element(Ns + "totals")!.Elements(Ns + "total").ToList();
        Assert.Equal(Types, totals.Select(t => t.Attribute("type")!.Value));
        for (var i = 0; i < Types.Length; i++)
        {
            Assert.Equal(counts[i], long.Parse(totals[i].Attribute("records")!.Value));
            Assert.Equal(amounts[i], long.Parse(totals[i].Attribute("amount")!.Value));
        }
    }

    /// <summary>The Receita Federal rule: two mod-11 check digits; all-equal digits are invalid.</summary>
    public static bool IsValidCpf(string cpf)
    {
        if (cpf.Length != 11 || !cpf.All(char.IsAsciiDigit) || cpf.Distinct().Count() == 1)
        {
            return false;
        }

        int Digit(int length)
        {
            var sum = 0;
            for (var i = 0; i < length; i++)
            {
                sum += (cpf[i] - '0') * (length + 1 - i);
            }

            var rest = sum * 10 % 11;
            return rest == 10 ? 0 : rest;
        }

        return Digit(9) == cpf[9] - '0' && Digit(10) == cpf[10] - '0';
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lottopar.Actors.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (Lottopar.Actors.sln) is not above the test's directory.");
    }
}
