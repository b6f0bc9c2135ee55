using System.Xml;
using System.Xml.Schema;

namespace Lottopar.Client.Vault;

/// <summary>The compiled docs/vault-format.xsd (embedded), and the declarations of the 13 record elements in it.</summary>
public static class VaultSchema
{
    public const string Namespace = "urn:lottopar:vault:1";

    private static readonly Lazy<(XmlSchemaSet Set, IReadOnlyDictionary<string, XmlSchemaElement> Records)> Compiled = new(Compile);

    public static XmlSchemaSet Set => Compiled.Value.Set;

    /// <summary>The record elements allowed under <c>records</c>, by wire name.</summary>
    public static IReadOnlyDictionary<string, XmlSchemaElement> Records => Compiled.Value.Records;

    private static (XmlSchemaSet, IReadOnlyDictionary<string, XmlSchemaElement>) Compile()
    {
        using var stream = typeof(VaultSchema).Assembly.GetManifestResourceStream("vault/vault-format.xsd")
            ?? throw new InvalidOperationException("vault/vault-format.xsd is not embedded.");
        var set = new XmlSchemaSet();
        using (var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
        {
            set.Add(Namespace, reader);
        }

        set.Compile();
        var root = (XmlSchemaElement)set.GlobalElements[new XmlQualifiedName("vault_file", Namespace)]!;
        var recordsElement = ChildElements(((XmlSchemaComplexType)root.ElementSchemaType!).ContentTypeParticle).Single(e => e.QualifiedName.Name == "records");
        var records = ChildElements(((XmlSchemaComplexType)recordsElement.ElementSchemaType!).ContentTypeParticle)
            .ToDictionary(e => e.QualifiedName.Name, StringComparer.Ordinal);
        return (set, records);
    }

    private static IEnumerable<XmlSchemaElement> ChildElements(XmlSchemaParticle particle) => particle switch
    {
        XmlSchemaElement element => [element],
        XmlSchemaGroupBase group => group.Items.OfType<XmlSchemaParticle>().SelectMany(ChildElements),
        _ => [],
    };
}
