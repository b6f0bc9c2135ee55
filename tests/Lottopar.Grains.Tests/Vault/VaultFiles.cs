using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Lottopar.Grains.Vault;

namespace Lottopar.Grains.Tests.Vault;

/// <summary>
/// Builds hourly vault files for the tests: records of every type with valid defaults, and a
/// header whose totals are counted from the records (a test that wants them wrong changes them).
/// Written from docs/vault-format.xsd, independently of the reader.
/// </summary>
internal static class VaultFiles
{
    public static readonly XNamespace Ns = VaultFileReader.Namespace;
    public const string Oprid = "OPR-000042";

    /// <summary>The hour 23:00 to 24:00 in Brasília on 2026-12-03.</summary>
    public static readonly DateTimeOffset Hour = new(2026, 12, 3, 23, 0, 0, TimeSpan.FromHours(-3));

    /// <summary>When the tests' files arrive: ten minutes after the hour ended.</summary>
    public static readonly DateTimeOffset Received = Hour.AddMinutes(70);

    public static readonly string[] Cpfs = ["52998224725", "11144477735", "39053344705", "15350946056"];

    public static VaultFileExpectations Expected => new(Oprid, Received);

    public static XElement Registration(string id, DateTimeOffset at, string cpf) => Record("registration", id, at, cpf,
        E("name", "Maria da Silva"), E("birth_date", "1990-05-17"),
        E("proof_of_residence", E("kind", "utility_bill"), E("issued_on", "2026-11-10"), E("document_ref", "COPEL-778812")),
        E("phone", "+5541998765432"), E("email", "maria@example.com.br"),
        E("address", E("street", "Rua XV de Novembro"), E("number", "1000"), E("district", "Centro"), E("city", "Curitiba"), E("state", "PR"), E("postal_code", "80020310")),
        E("identity_verification", E("method", "document_and_selfie"), E("verified_at", Time(at.AddMinutes(-30)))),
        E("account_status", E("status", "active")),
        E("limits", E("limit", E("kind", "deposit"), E("period", "day"), E("amount", "50000"), E("since", Time(at)))));

    public static XElement Update(string id, DateTimeOffset at, string cpf) => Record("registration_update", id, at, cpf, E("email", "maria.silva@example.com.br"));

    public static XElement SelfExclusion(string id, DateTimeOffset at, string cpf) => Record("self_exclusion", id, at, cpf,
        E("starts_at", Time(at)), new XElement(Ns + "duration", new XAttribute("unit", "days"), "7"), E("source", "player"));

    public static XElement Login(string id, DateTimeOffset at, string cpf) => Record("login", id, at, cpf, E("session_id", "S-1"), E("device", "Android 15"), E("ip_address", "200.10.20.30"));

    public static XElement Logout(string id, DateTimeOffset at, string cpf) => Record("logout", id, at, cpf, E("session_id", "S-1"), E("reason", "player"));

    public static XElement Deposit(string id, DateTimeOffset at, string cpf, long amount = 10_000) => Payment("deposit", id, at, cpf, amount);

    public static XElement Withdrawal(string id, DateTimeOffset at, string cpf, long amount = 5_000) => Payment("withdrawal", id, at, cpf, amount);

    public static XElement Bet(string id, DateTimeOffset at, string cpf, long amount = 2_500) => Record("bet", id, at, cpf,
        E("game_type", "sports"), E("bet_slip_id", "SLIP-" + id), E("leg_ids", E("leg_id", "L1"), E("leg_id", "L2")), E("amount", Number(amount)));

    public static XElement Win(string id, DateTimeOffset at, string cpf, long amount = 7_000) => Record("win", id, at, cpf,
        E("game_type", "sports"), E("bet_slip_id", "SLIP-1"), E("amount", Number(amount)));

    public static XElement Bonus(string id, DateTimeOffset at, string cpf, long amount = 1_000) => Record("bonus", id, at, cpf,
        E("kind", "credit"), E("amount", Number(amount)), E("description", "Crédito promocional"));

    public static XElement DailyWallet(string id, DateTimeOffset at, string cpf) => Record("daily_wallet", id, at, cpf,
        E("day", "2026-12-03"), E("opening_balance", "0"), E("closing_balance", "10500"), E("deposits", "10000"), E("withdrawals", "5000"),
        E("stakes", "2500"), E("winnings", "7000"), E("bonuses", "1000"));

    public static XElement Correction(string id, DateTimeOffset at, string corrects, XElement replacement) =>
        new(Ns + "correction", new XAttribute("id", id), new XAttribute("at", Time(at)), E("corrects", corrects), E("corrects_date", "2026-12-02"), replacement);

    public static XElement Annulment(string id, DateTimeOffset at, string annuls) =>
        new(Ns + "annulment", new XAttribute("id", id), new XAttribute("at", Time(at)), E("annuls", annuls), E("annuls_date", "2026-12-02"), E("reason", "Lançado em duplicidade"));

    /// <summary>One record of every type, in order, one minute apart.</summary>
    public static List<XElement> OneOfEach()
    {
        var at = Hour.AddMinutes(1);
        var cpf = Cpfs[0];
        return
        [
            Registration("R1", at, cpf),
            Update("R2", at.AddMinutes(1), cpf),
            SelfExclusion("R3", at.AddMinutes(2), Cpfs[1]),
            Login("R4", at.AddMinutes(3), cpf),
            Logout("R5", at.AddMinutes(4), cpf),
            Deposit("R6", at.AddMinutes(5), cpf),
            Withdrawal("R7", at.AddMinutes(6), cpf),
            Bet("R8", at.AddMinutes(7), cpf),
            Win("R9", at.AddMinutes(8), cpf),
            Bonus("R10", at.AddMinutes(9), cpf),
            DailyWallet("R11", at.AddMinutes(10), cpf),
            Correction("R12", at.AddMinutes(11), "OLD-1", Bet("OLD-1", Hour.AddDays(-1), Cpfs[2], 3_000)),
            Annulment("R13", at.AddMinutes(12), "OLD-2"),
        ];
    }

    /// <summary>A file of these records, with totals counted from them.</summary>
    public static XDocument File(IEnumerable<XElement> records, string oprid = Oprid, DateTimeOffset? hour = null, int part = 1, int parts = 1, DateTimeOffset? createdAt = null, long sequence = 42)
    {
        var list = records.ToList();
        var start = hour ?? Hour;
        var totals = VaultRecordTypes.All.Select(type =>
        {
            var ofType = list.Where(r => r.Name.LocalName == type.WireName()).ToList();
            var amount = ofType.Sum(r => (long?)r.Element(Ns + "amount") ?? 0);
            return new XElement(Ns + "total", new XAttribute("type", type.WireName()), new XAttribute("records", ofType.Count), new XAttribute("amount", amount));
        });
        return new XDocument(new XElement(Ns + "vault_file", new XAttribute("version", "1"),
            new XElement(Ns + "header",
                E("oprid", oprid), E("sequence", Number(sequence)), E("hour", Time(start)), E("part", Number(part)), E("parts", Number(parts)),
                E("created_at", Time(createdAt ?? start.AddHours(1).AddSeconds(5))),
                new XElement(Ns + "totals", totals)),
            new XElement(Ns + "records", list)));
    }

    public static VaultFileCheck Read(XDocument file, List<VaultRecord>? handedOn = null, VaultFileExpectations? expected = null) =>
        Read(file.ToString(SaveOptions.DisableFormatting), handedOn, expected);

    public static VaultFileCheck Read(string xml, List<VaultRecord>? handedOn = null, VaultFileExpectations? expected = null, long maxCharacters = VaultFileReader.MaxCharacters)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        return VaultFileReader.Read(stream, expected ?? Expected, handedOn is null ? null : handedOn.Add, maxCharacters);
    }

    public static XElement E(string name, params object[] content) => new(Ns + name, content);

    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static XElement Payment(string type, string id, DateTimeOffset at, string cpf, long amount) => Record(type, id, at, cpf,
        E("amount", Number(amount)), E("txid", "7f3c9a1b2d4e6f8091a2b3c4d5e6f7a8"), E("end_to_end_id", "E18236120202612040159s1a2b3c4d5e"),
        E("result", "completed"), E("device", "iPhone 16"), E("ip_address", "2804:14c:1::1"));

    private static XElement Record(string type, string id, DateTimeOffset at, string cpf, params object[] content) =>
        new(Ns + type, new XAttribute("id", id), new XAttribute("at", Time(at)), E("cpf", cpf), content);
}
