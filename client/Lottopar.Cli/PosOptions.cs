using System.CommandLine;
using System.Globalization;
using Lottopar.Client.WebSale;

namespace Lottopar.Cli;

/// <summary>The webSale parameters as options, each checked against the document's shape before anything is sent.</summary>
internal static class PosOptions
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyyMMdd"];

    public static Option<int> Provider() => Checked(
        new Option<int>("--provider") { Description = "providercod: the provider code LOTTOPAR registered (1-999)", Required = true },
        WebSaleRules.IsProviderCode, $"must run from 1 to {WebSaleRules.MaxProviderCode}");

    public static Option<int> Pos(string description = "poscod: the POS terminal") => Checked(
        new Option<int>("--pos") { Description = $"{description} (1-{WebSaleRules.MaxPosCode})", Required = true },
        WebSaleRules.IsPosCode, $"must run from 1 to {WebSaleRules.MaxPosCode}");

    public static Option<string> Serial() => Checked(
        new Option<string>("--serial") { Description = "serialifa: the POS's printer serial, 10 letters or digits", Required = true },
        WebSaleRules.IsPrinterSerial, "must be 10 letters or digits");

    public static Option<string> Invoice() => Checked(
        new Option<string>("--invoice") { Description = "numfact: the invoice number, 8 digits, never reused by the POS", Required = true },
        WebSaleRules.IsInvoiceNumber, "must be 8 digits");

    /// <summary>A ticket number, sent as given: a malformed one is the server's to refuse (code 1).</summary>
    public static Option<string> Ticket() => Checked(
        new Option<string>("--ticket") { Description = "The 26-digit ticket number", Required = true },
        ticket => !string.IsNullOrWhiteSpace(ticket), "must not be empty");

    public static Option<int> Turn() => Checked(
        new Option<int>("--turn") { Description = "The turn: 1 (morning), 2 (afternoon) or 3 (night)", Required = true },
        WebSaleRules.IsTurn, "must be 1, 2 or 3");

    /// <summary>A date as 2026-11-22 or as the document writes it, 20261122.</summary>
    public static Option<DateOnly> Date(string description) => new("--date")
    {
        Description = $"{description}, as 2026-11-22 or 20261122",
        Required = true,
        CustomParser = argument =>
        {
            var text = argument.Tokens.Count == 1 ? argument.Tokens[0].Value : "";
            if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            argument.AddError($"--date must be a date as 2026-11-22 or 20261122, not '{text}'.");
            return default;
        },
    };

    private static Option<T> Checked<T>(Option<T> option, Func<T, bool> isValid, string rule)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is var value && (value is null || !isValid(value)))
            {
                result.AddError($"{option.Name} {rule}, not '{value}'.");
            }
        });
        return option;
    }
}
