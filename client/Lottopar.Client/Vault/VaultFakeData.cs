using System.Globalization;

namespace Lottopar.Client.Vault;

/// <summary>Plausible Brazilian personal data, devices and Pix identifiers for generated vault records.</summary>
internal static class VaultFakeData
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly string[] FirstNames =
        ["Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana", "Márcia", "Fernanda", "Patrícia", "Aline",
         "José", "João", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Luiz", "Marcos", "Gabriel", "Rafael"];

    private static readonly string[] Surnames =
        ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
         "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa"];

    private static readonly string[] Streets =
        ["Rua XV de Novembro", "Avenida Sete de Setembro", "Rua Marechal Deodoro", "Avenida Brasil", "Rua das Flores",
         "Rua Tiradentes", "Avenida Paraná", "Rua Dom Pedro II", "Rua Barão do Rio Branco", "Travessa Santos & Filhos"];

    private static readonly string[] Districts = ["Centro", "Batel", "Água Verde", "Boa Vista", "Cabral", "Portão", "Jardim América", "Vila Nova"];

    private static readonly (string City, string State, string PostalPrefix)[] Cities =
        [("Curitiba", "PR", "800"), ("Londrina", "PR", "860"), ("Maringá", "PR", "870"), ("Ponta Grossa", "PR", "840"),
         ("Cascavel", "PR", "858"), ("Foz do Iguaçu", "PR", "858"), ("São Paulo", "SP", "010"), ("Florianópolis", "SC", "880"),
         ("Porto Alegre", "RS", "900"), ("Campo Grande", "MS", "790")];

    private static readonly string[] AreaCodes = ["41", "42", "43", "44", "45", "46", "11", "48", "51", "67"];

    private static readonly string[] Devices =
        ["Android 14; app 5.2.1", "Android 13; app 5.1.9", "iOS 18.1; app 5.2.0", "iOS 17.6; app 5.1.7",
         "Chrome 131; Windows 11", "Firefox 133; Ubuntu 24.04", "Safari 18; macOS 15", "Edge 131; Windows 10"];

    private static readonly string[] EmailDomains = ["example.com.br", "example.com", "mail.example.org"];

    /// <summary>ISPBs of payer institutions, as the first 8 digits of an endToEndId.</summary>
    private static readonly string[] Ispbs = ["00000000", "00360305", "60746948", "60701190", "18236120", "90400888", "00416968"];

    public static string Pick(Random random, IReadOnlyList<string> values) => values[random.Next(values.Count)];

    public static (string First, string Last) Name(Random random) => (Pick(random, FirstNames), Pick(random, Surnames) + " " + Pick(random, Surnames));

    public static string Email(Random random, string first, string last, int player) =>
        string.Create(CultureInfo.InvariantCulture, $"{Ascii(first)}.{Ascii(last.Split(' ')[^1])}{player}@{Pick(random, EmailDomains)}").ToLowerInvariant();

    public static string Phone(Random random) =>
        "+55" + Pick(random, AreaCodes) + "9" + random.Next(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture);

    public static string Device(Random random) => Pick(random, Devices);

    public static string IpAddress(Random random) => random.Next(4) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"2804:14c:{random.Next(0x10000):x}:{random.Next(0x10000):x}::{random.Next(1, 0x10000):x}")
        : string.Create(CultureInfo.InvariantCulture, $"{Pick(random, ["177", "179", "187", "189", "200", "201"])}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}");

    public static (string Street, string Number, string? Complement, string District, string City, string State, string PostalCode) Address(Random random)
    {
        var (city, state, prefix) = Cities[random.Next(Cities.Length)];
        var complement = random.Next(3) == 0 ? string.Create(CultureInfo.InvariantCulture, $"Apto {random.Next(1, 30)}0{random.Next(1, 5)}") : null;
        var number = random.Next(20) == 0 ? "S/N" : random.Next(1, 4000).ToString(CultureInfo.InvariantCulture);
        return (Pick(random, Streets), number, complement, Pick(random, Districts), city, state, prefix + random.Next(0, 100_000).ToString("D5", CultureInfo.InvariantCulture));
    }

    /// <summary>A Pix txid: 32 letters and digits (the API allows 26 to 35).</summary>
    public static string Txid(Random random) => Characters(random, 32);

    /// <summary>A Pix endToEndId: E, the payer's ISPB, the UTC minute it was made (yyyyMMddHHmm) and 11 letters or digits.</summary>
    public static string EndToEndId(Random random, DateTimeOffset at) =>
        "E" + Pick(random, Ispbs) + at.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture) + Characters(random, 11);

    private static string Characters(Random random, int length) => string.Create(length, random, (span, r) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphanumeric[r.Next(Alphanumeric.Length)];
        }
    });

    private static string Ascii(string name) => new(name.Normalize(System.Text.NormalizationForm.FormD).Where(char.IsAsciiLetter).ToArray());
}
