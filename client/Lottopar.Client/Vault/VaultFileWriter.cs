using System.Text;
using System.Text.Json.Nodes;
using System.Xml;

namespace Lottopar.Client.Vault;

/// <summary>
/// Writes one hourly file to a stream as it goes: the header with totals known in advance, then records
/// one at a time, so that a file of any size never sits in memory. The caller gives the records in the
/// order of docs/vault-format.md section 5 and totals that match them.
/// </summary>
public sealed class VaultFileWriter : IDisposable
{
    private readonly XmlWriter _writer;

    public VaultFileWriter(Stream output, VaultFileHeader header, VaultTotals totals)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(totals);
        header.Validate();
        _writer = XmlWriter.Create(output, new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            CloseOutput = false,
        });
        _writer.WriteStartDocument();
        _writer.WriteStartElement("vault_file", VaultSchema.Namespace);
        _writer.WriteAttributeString("version", "1");
        _writer.WriteStartElement("header", VaultSchema.Namespace);
        Element("oprid", header.Oprid);
        Element("sequence", XmlConvert.ToString(header.Sequence));
        Element("hour", VaultFileHeader.Timestamp(header.Hour));
        Element("part", XmlConvert.ToString(header.Part));
        Element("parts", XmlConvert.ToString(header.Parts));
        Element("created_at", VaultFileHeader.Timestamp(header.CreatedAt));
        _writer.WriteStartElement("totals", VaultSchema.Namespace);
        foreach (var type in VaultRecordKinds.All)
        {
            _writer.WriteStartElement("total", VaultSchema.Namespace);
            _writer.WriteAttributeString("type", type);
            _writer.WriteAttributeString("records", XmlConvert.ToString(totals.Records(type)));
            _writer.WriteAttributeString("amount", XmlConvert.ToString(totals.Amount(type)));
            _writer.WriteEndElement();
        }

        _writer.WriteEndElement();
        _writer.WriteEndElement();
        _writer.WriteStartElement("records", VaultSchema.Namespace);
    }

    /// <summary>Writes one record given as JSON (see <see cref="VaultRecordXml"/>).</summary>
    public void Write(JsonObject record) => VaultRecordXml.Write(_writer, record);

    /// <summary>Closes <c>records</c> and the document (unless a write failed) and flushes; the stream stays open.</summary>
    public void Dispose() => _writer.Dispose();

    private void Element(string name, string value) => _writer.WriteElementString(name, VaultSchema.Namespace, value);
}
