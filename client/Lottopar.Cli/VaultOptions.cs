using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace Lottopar.Cli;

/// <summary>Options shared by the <c>lottopar vault</c> commands that make files: the header's fields.</summary>
internal static partial class VaultOptions
{
    public static Option<string> Oprid(bool required) => new("--oprid")
    {
        Description = "The operator's OPRID (OPR- and 6 to 10 digits)",
        Required = required,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<string>() is { } oprid && !OpridPattern().IsMatch(oprid))
                {
                    result.AddError($"--oprid must be OPR- and 6 to 10 digits, not '{oprid}'.");
                }
            },
        },
    };

    /// <summary>The hour: a date-time with its offset on the hour (2026-12-03T13:00:00Z, 2026-12-03T10:00:00-03:00) or, as in file names, 2026120313 (UTC).</summary>
    public static Option<DateTimeOffset?> Hour(bool required) => new("--hour")
    {
        Description = "The hour covered: 2026-12-03T10:00:00-03:00, 2026-12-03T13:00:00Z, or 2026120313 (UTC, as in file names)",
        Required = required,
        CustomParser = argument =>
        {
            var text = argument.Tokens.Count == 1 ? argument.Tokens[0].Value : "";
            if (TryParseHour(text, out var hour))
            {
                return hour;
            }

            argument.AddError($"--hour must be a date-time with its offset on the hour, or yyyyMMddHH in UTC, not '{text}'.");
            return null;
        },
    };

    public static Option<long?> Sequence(bool required) => new Option<long?>("--sequence")
    {
        Description = "The file's sequence number (the first part's, when the hour is split)",
        Required = required,
    }.Positive();

    /// <summary>A duration as 60s, 2m, 1h or plain seconds.</summary>
    public static Option<TimeSpan?> Wait() => new("--wait")
    {
        Description = "Wait this long for the receipt (60s, 2m, or seconds) and verify it",
        CustomParser = argument =>
        {
            var text = argument.Tokens.Count == 1 ? argument.Tokens[0].Value.Trim() : "";
            var (number, unit) = text.Length > 0 && char.IsAsciiLetter(text[^1]) ? (text[..^1], text[^1]) : (text, 's');
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && unit is 's' or 'm' or 'h')
            {
                return unit switch { 'h' => TimeSpan.FromHours(value), 'm' => TimeSpan.FromMinutes(value), _ => TimeSpan.FromSeconds(value) };
            }

            argument.AddError($"--wait must be a duration as 60s, 2m or 1h, not '{text}'.");
            return null;
        },
    };

    public static bool TryParseHour(string text, out DateTimeOffset hour)
    {
        if (DateTime.TryParseExact(text, "yyyyMMddHH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
        {
            hour = new DateTimeOffset(utc, TimeSpan.Zero);
            return true;
        }

        try
        {
            // An offset is required: a time without one is not an instant.
            hour = text.Length > 19 && (text.EndsWith('Z') || text[^6] is '+' or '-') ? XmlConvert.ToDateTimeOffset(text) : default;
        }
        catch (FormatException)
        {
            hour = default;
        }

        return hour != default && hour.UtcTicks % TimeSpan.TicksPerHour == 0;
    }

    [GeneratedRegex("^OPR-[0-9]{6,10}$")]
    private static partial Regex OpridPattern();
}
