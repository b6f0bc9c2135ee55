using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Lottopar.Grains.Vault;

/// <summary>
/// Reads a decrypted hourly vault file as a stream and checks it against docs/vault-format.xsd and
/// the rules the schema cannot state (docs/vault-format.md): the sender's OPRID, an hour that has
/// ended, every record inside it and in order, valid CPFs, unique ids, corrections that name what
/// they replace, and header totals that match the records. Only one record's tree is held at a
/// time; each record goes to <c>onRecord</c> as it is read, so a caller can stage records and keep
/// them only if the whole file is accepted. DTDs are refused, no external resource is ever fetched,
/// and a document longer than <see cref="MaxCharacters"/> is refused.
/// </summary>
public static class VaultFileReader
{
    public const string Namespace = "urn:lottopar:vault:1";

    /// <summary>Errors listed in a verdict; the rest are only counted.</summary>
    public const int MaxErrorsKept = 100;

    /// <summary>The longest decrypted file, in characters (512 MiB of ASCII).</summary>
    public const long MaxCharacters = 512L * 1024 * 1024;

    /// <summary>How far ahead of the vault's clock a file's creation time may be.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly XNamespace Ns = Namespace;
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly Lazy<XmlSchemaSet> LazySchema = new(LoadSchema);

    /// <summary>The compiled schema (embedded from docs/vault-format.xsd).</summary>
    public static XmlSchemaSet Schema => LazySchema.Value;

    /// <param name="onRecord">Receives each record as it is read, in file order (also records of a file that is refused later).</param>
    /// <param name="maxCharacters">The longest document accepted; <see cref="MaxCharacters"/> unless a test needs less.</param>
    public static VaultFileCheck Read(Stream xml, VaultFileExpectations expected, Action<VaultRecord>? onRecord = null, long maxCharacters = MaxCharacters)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(expected);
        var errors = new ErrorList();
        var position = 0;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            ValidationType = ValidationType.Schema,
            Schemas = Schema,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
            CloseInput = false,
        };
        settings.ValidationEventHandler += (_, e) => errors.Add(new VaultFileError(
            "schema", position == 0 ? null : position, null, null,
            $"Line {e.Exception.LineNumber}, column {e.Exception.LinePosition}: {e.Message}"));

        VaultFileHeader? header = null;
        var records = new RecordChecks(errors);
        try
        {
            using var reader = XmlReader.Create(xml, settings);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "vault_file" || reader.NamespaceURI != Namespace)
            {
                // The schema's own complaints about an unknown root would only repeat this.
                return new VaultFileCheck(null, 0, [new VaultFileError("not_a_vault_file", null, null, null, $"The root element must be vault_file in the namespace {Namespace}.")], 1);
            }

            reader.ReadStartElement();
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "header")
            {
                return errors.Check(null, 0);
            }

            header = HeaderOf((XElement)XNode.ReadFrom(reader), errors);
            if (header is not null)
            {
                CheckHeader(header, expected, errors);
                records.Start(header);
            }

            if (reader.MoveToContent() == XmlNodeType.Element && reader.LocalName == "records" && !reader.IsEmptyElement)
            {
                reader.ReadStartElement();
                while (reader.MoveToContent() == XmlNodeType.Element)
                {
                    position++;
                    var record = records.Take((XElement)XNode.ReadFrom(reader), position);
                    if (record is not null)
                    {
                        onRecord?.Invoke(record);
                    }
                }
            }

            // The rest of the document, so that anything after the records is still validated.
            while (reader.Read())
            {
            }
        }
        catch (XmlException error)
        {
            errors.Add(new VaultFileError(EnvelopeCode(error), position == 0 ? null : position, null, null, error.Message));
        }

        if (header is not null)
        {
            records.CompareTotals(header);
        }

        return errors.Check(header, position);
    }

    private static string EnvelopeCode(XmlException error) =>
        error.Message.Contains("DTD", StringComparison.Ordinal) ? "dtd_forbidden"
        : error.Message.Contains(nameof(XmlReaderSettings.MaxCharactersInDocument), StringComparison.Ordinal) ? "too_large"
        : "not_well_formed";

    private static VaultFileHeader? HeaderOf(XElement header, ErrorList errors)
    {
        var totals = new Dictionary<VaultRecordType, VaultTypeTotal>();
        foreach (var total in header.Element(Ns + "totals")?.Elements(Ns + "total") ?? [])
        {
            if (!VaultRecordTypes.TryParse((string?)total.Attribute("type") ?? "", out var type)
                || !long.TryParse((string?)total.Attribute("records"), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || !decimal.TryParse((string?)total.Attribute("amount"), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                continue; // the schema has reported it
            }

            if (!totals.TryAdd(type, new VaultTypeTotal(count, amount)))
            {
                errors.Add(new VaultFileError("total_duplicated", null, null, $"header/totals/total[@type='{type.WireName()}']", "Each record type has exactly one total."));
            }
        }

        foreach (var missing in VaultRecordTypes.All.Where(t => !totals.ContainsKey(t)))
        {
            errors.Add(new VaultFileError("total_missing", null, null, $"header/totals/total[@type='{missing.WireName()}']", "Each record type has exactly one total."));
        }

        // A field missing or malformed has been reported by the schema: without it there is no header to judge.
        return (string?)header.Element(Ns + "oprid") is { } oprid
            && long.TryParse((string?)header.Element(Ns + "sequence"), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && TryTime((string?)header.Element(Ns + "hour"), out var hour)
            && int.TryParse((string?)header.Element(Ns + "part"), NumberStyles.None, CultureInfo.InvariantCulture, out var part)
            && int.TryParse((string?)header.Element(Ns + "parts"), NumberStyles.None, CultureInfo.InvariantCulture, out var parts)
            && TryTime((string?)header.Element(Ns + "created_at"), out var createdAt)
                ? new VaultFileHeader(oprid, sequence, hour, part, parts, createdAt, totals)
                : null;
    }

    private static void CheckHeader(VaultFileHeader header, VaultFileExpectations expected, ErrorList errors)
    {
        if (header.Oprid != expected.Oprid)
        {
            errors.Add(new VaultFileError("wrong_oprid", null, null, "header/oprid", $"The file is for {header.Oprid}; it was sent by {expected.Oprid}."));
        }

        if (header.Hour.UtcTicks % Hour.Ticks != 0)
        {
            errors.Add(new VaultFileError("hour_not_on_the_hour", null, null, "header/hour", "The hour must start exactly on the hour (minutes, seconds and fractions 0)."));
        }

        var hourEnd = header.Hour + Hour;
        if (hourEnd > expected.ReceivedAt)
        {
            errors.Add(new VaultFileError("hour_not_ended", null, null, "header/hour", $"The hour ends at {hourEnd:O}; its file is taken only after that."));
        }

        if (header.CreatedAt < hourEnd)
        {
            errors.Add(new VaultFileError("created_before_hour_end", null, null, "header/created_at", "A file is created after the end of the hour it covers."));
        }
        else if (header.CreatedAt > expected.ReceivedAt + ClockSkew)
        {
            errors.Add(new VaultFileError("created_after_reception", null, null, "header/created_at", "The creation time is later than the file's arrival."));
        }

        if (header.Part > header.Parts || header.Parts > 999)
        {
            errors.Add(new VaultFileError("part_beyond_parts", null, null, "header/part", "part must be from 1 to parts, and parts at most 999."));
        }
    }

    /// <summary>The checks that run record by record: bounds of the hour, order, ids, CPFs, and the running totals.</summary>
    private sealed class RecordChecks(ErrorList errors)
    {
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<VaultRecordType, (long Records, decimal Amount)> _seen = [];
        private DateTimeOffset? _hour;
        private (DateTimeOffset At, VaultRecordType Type)? _previous;

        public void Start(VaultFileHeader header) => _hour = header.Hour;

        public VaultRecord? Take(XElement element, int position)
        {
            if (!VaultRecordTypes.TryParse(element.Name.LocalName, out var type) || element.Name.Namespace != Ns
                || (string?)element.Attribute("id") is not { } id
                || !TryTime((string?)element.Attribute("at"), out var at))
            {
                return null; // the schema has reported it
            }

            var seen = _seen.GetValueOrDefault(type);
            var amount = type.HasAmount() && long.TryParse((string?)element.Element(Ns + "amount"), NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0;
            _seen[type] = (seen.Records + 1, seen.Amount + amount);

            if (!_ids.Add(id))
            {
                errors.Add(new VaultFileError("duplicate_record_id", position, id, "@id", "Another record of this file has the same id."));
            }

            if (_hour is { } hour && (at < hour || at >= hour + Hour))
            {
                errors.Add(new VaultFileError("record_outside_hour", position, id, "@at", $"The record's time {at:O} is outside the file's hour."));
            }

            if (_previous is { } previous && (at < previous.At || (at == previous.At && type < previous.Type)))
            {
                errors.Add(new VaultFileError("out_of_order", position, id, "@at",
                    "Records are ordered by time, then by type in the order of docs/vault-format.md; this one comes before the previous record."));
            }

            _previous = (at, type);
            var replacement = type == VaultRecordType.Correction ? VaultRecord.ReplacementIn(element) : null;
            var cpf = CheckCpf(replacement ?? element, position, id);
            var replaces = type switch
            {
                VaultRecordType.Correction => CheckCorrection(element, replacement, position, id),
                VaultRecordType.Annulment => ReferenceOf(element, "annuls"),
                _ => null,
            };
            return new VaultRecord(position, type, id, at, cpf, amount, element, replaces);
        }

        public void CompareTotals(VaultFileHeader header)
        {
            foreach (var type in VaultRecordTypes.All)
            {
                if (!header.Totals.TryGetValue(type, out var declared))
                {
                    continue; // reported as missing
                }

                var (records, amount) = _seen.GetValueOrDefault(type);
                if (declared.Records != records || declared.Amount != amount)
                {
                    errors.Add(new VaultFileError("total_mismatch", null, null, $"header/totals/total[@type='{type.WireName()}']",
                        $"The header declares {declared.Records} records and {declared.Amount} centavos of {type.WireName()}; the file holds {records} and {amount}."));
                }
            }
        }

        /// <param name="holder">The record, or for a correction the record it carries.</param>
        private string? CheckCpf(XElement holder, int position, string id)
        {
            if ((string?)holder.Element(Ns + "cpf") is not { } cpf)
            {
                return null;
            }

            if (!Validation.Cpf.TryNormalize(cpf, out var normalized) || normalized != cpf)
            {
                errors.Add(new VaultFileError("invalid_cpf", position, id, "cpf", "Not a valid CPF (11 digits with their check digits)."));
                return null;
            }

            return cpf;
        }

        private VaultRecordReference? CheckCorrection(XElement correction, XElement? replacement, int position, string id)
        {
            var reference = ReferenceOf(correction, "corrects");
            if (reference is not null && replacement is not null && (string?)replacement.Attribute("id") != reference.Id)
            {
                errors.Add(new VaultFileError("correction_id_mismatch", position, id, $"{replacement.Name.LocalName}/@id",
                    $"The replacing record keeps the id of the record it corrects ({reference.Id})."));
            }

            return reference;
        }

        private static VaultRecordReference? ReferenceOf(XElement record, string name) =>
            (string?)record.Element(Ns + name) is { } id
            && DateOnly.TryParseExact((string?)record.Element(Ns + name + "_date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? new VaultRecordReference(id, date)
                : null;
    }

    private static bool TryTime(string? value, out DateTimeOffset at)
    {
        at = default;
        if (value is null)
        {
            return false;
        }

        try
        {
            at = XmlConvert.ToDateTimeOffset(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The first <see cref="MaxErrorsKept"/> errors, and how many there were in all.</summary>
    private sealed class ErrorList
    {
        private readonly List<VaultFileError> _kept = [];
        private int _count;

        public void Add(VaultFileError error)
        {
            if (_count++ < MaxErrorsKept)
            {
                _kept.Add(error);
            }
        }

        public VaultFileCheck Check(VaultFileHeader? header, int records) => new(header, records, _kept, _count);
    }

    private static XmlSchemaSet LoadSchema()
    {
        using var stream = typeof(VaultFileReader).Assembly.GetManifestResourceStream("vault/vault-format.xsd")
            ?? throw new InvalidOperationException("The vault schema is not embedded in the grains assembly.");
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(Namespace, reader);
        set.Compile();
        return set;
    }
}
