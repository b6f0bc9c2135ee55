using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Schema;

namespace Lottopar.Client.Vault;

/// <summary>
/// Writes a record given as JSON as its XML element, walking docs/vault-format.xsd: elements come out in
/// the schema's order whatever the order of the JSON's properties, and every value is checked against its
/// schema type (patterns, enumerations, ranges) before it is written.
/// </summary>
/// <remarks>
/// The JSON shape, field names being the schema's element and attribute names:
/// <list type="bullet">
/// <item><c>type</c> is the record's element name; <c>id</c>, <c>at</c> and other attributes are properties like elements.</item>
/// <item>A simple value is a JSON string, number or boolean.</item>
/// <item>A structure (<c>address</c>, <c>proof_of_residence</c>, the record inside a <c>correction</c>) is an object.</item>
/// <item>A list element (<c>leg_ids</c>, <c>limits</c>) is an array of its items.</item>
/// <item>An element with a value and attributes (<c>duration</c>) is an object of its attributes and <c>value</c>.</item>
/// <item>An empty element (<c>indefinite</c>) is <c>true</c>.</item>
/// </list>
/// </remarks>
public static class VaultRecordXml
{
    private const string TypeProperty = "type";
    private const string ValueProperty = "value";

    /// <summary>Writes <paramref name="record"/> (with its <c>type</c>); throws <see cref="VaultRecordException"/> naming the field at fault.</summary>
    public static void Write(XmlWriter writer, JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        var type = TypeOf(record);
        var element = VaultSchema.Records[type];
        WriteComplex(writer, type, (XmlSchemaComplexType)element.ElementSchemaType!, record, "", TypeProperty);
    }

    /// <summary>The record's wire type; throws when it is missing or not one of the 13.</summary>
    public static string TypeOf(JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var type = record[TypeProperty] is JsonValue value && value.TryGetValue<string>(out var name) ? name : null;
        if (type is null || !VaultSchema.Records.ContainsKey(type))
        {
            throw new VaultRecordException(TypeProperty, $"type must be one of {string.Join(", ", VaultRecordKinds.All)}.");
        }

        return type;
    }

    private static void WriteComplex(XmlWriter writer, string name, XmlSchemaComplexType type, JsonNode? node, string path, string? ignored = null)
    {
        if (type.ContentType == XmlSchemaContentType.Empty && type.AttributeUses.Count == 0)
        {
            if (!(node is JsonValue flag && flag.TryGetValue<bool>(out var present) && present) && node is not JsonObject { Count: 0 })
            {
                throw new VaultRecordException(path, $"{path} is an empty element: write true.");
            }

            writer.WriteStartElement(name, VaultSchema.Namespace);
            writer.WriteEndElement();
            return;
        }

        if (node is not JsonObject properties)
        {
            throw new VaultRecordException(path, $"{path} must be an object.");
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        if (ignored is not null)
        {
            used.Add(ignored);
        }

        writer.WriteStartElement(name, VaultSchema.Namespace);
        foreach (var attribute in type.AttributeUses.Values.Cast<XmlSchemaAttribute>().OrderBy(AttributeOrder).ThenBy(a => a.QualifiedName.Name, StringComparer.Ordinal))
        {
            var attributeName = attribute.QualifiedName.Name;
            if (properties.TryGetPropertyValue(attributeName, out var value))
            {
                used.Add(attributeName);
                writer.WriteAttributeString(attributeName, Checked(attribute.AttributeSchemaType!, value, Join(path, attributeName)));
            }
            else if (attribute.Use == XmlSchemaUse.Required)
            {
                throw Missing(Join(path, attributeName));
            }
        }

        if (type.ContentType == XmlSchemaContentType.TextOnly)
        {
            var valuePath = Join(path, ValueProperty);
            if (!properties.TryGetPropertyValue(ValueProperty, out var text))
            {
                throw Missing(valuePath);
            }

            used.Add(ValueProperty);
            var simple = type.BaseXmlSchemaType as XmlSchemaSimpleType ?? XmlSchemaType.GetBuiltInSimpleType(type.Datatype!.TypeCode);
            writer.WriteString(Checked(simple!, text, valuePath));
        }
        else
        {
            WriteParticle(writer, type.ContentTypeParticle, properties, path, used);
        }

        foreach (var property in properties)
        {
            if (!used.Contains(property.Key))
            {
                throw new VaultRecordException(Join(path, property.Key), $"{Join(path, property.Key)} is not a field of {name}.");
            }
        }

        writer.WriteEndElement();
    }

    private static void WriteParticle(XmlWriter writer, XmlSchemaParticle particle, JsonObject properties, string path, HashSet<string> used)
    {
        switch (particle)
        {
            case XmlSchemaSequence sequence:
                foreach (var item in sequence.Items.OfType<XmlSchemaParticle>())
                {
                    WriteParticle(writer, item, properties, path, used);
                }

                break;
            case XmlSchemaChoice choice:
                var options = choice.Items.OfType<XmlSchemaElement>().ToList();
                var present = options.Where(e => properties.ContainsKey(e.QualifiedName.Name)).ToList();
                var names = string.Join(", ", options.Select(e => Join(path, e.QualifiedName.Name)));
                if (present.Count > 1)
                {
                    throw new VaultRecordException(Join(path, present[1].QualifiedName.Name), $"Only one of {names} may be given.");
                }

                if (present.Count == 0 && choice.MinOccurs > 0)
                {
                    throw new VaultRecordException(path.Length == 0 ? options[0].QualifiedName.Name : path, $"One of {names} is required.");
                }

                if (present.Count == 1)
                {
                    WriteParticle(writer, present[0], properties, path, used);
                }

                break;
            case XmlSchemaElement element:
                var name = element.QualifiedName.Name;
                if (properties.TryGetPropertyValue(name, out var value))
                {
                    used.Add(name);
                    WriteElement(writer, element, value, Join(path, name));
                }
                else if (element.MinOccurs > 0)
                {
                    throw Missing(Join(path, name));
                }

                break;
        }
    }

    private static void WriteElement(XmlWriter writer, XmlSchemaElement element, JsonNode? value, string path)
    {
        var name = element.QualifiedName.Name;
        switch (element.ElementSchemaType)
        {
            case XmlSchemaSimpleType simple:
                writer.WriteElementString(name, VaultSchema.Namespace, Checked(simple, value, path));
                break;
            case XmlSchemaComplexType complex when ListItem(complex) is { } item:
                if (value is not JsonArray items)
                {
                    throw new VaultRecordException(path, $"{path} must be an array of {item.QualifiedName.Name}.");
                }

                if (items.Count < item.MinOccurs || items.Count > item.MaxOccurs)
                {
                    throw new VaultRecordException(path, $"{path} must have {item.MinOccurs} to {item.MaxOccurs} items, not {items.Count}.");
                }

                writer.WriteStartElement(name, VaultSchema.Namespace);
                for (var i = 0; i < items.Count; i++)
                {
                    WriteElement(writer, item, items[i], $"{path}[{i}]");
                }

                writer.WriteEndElement();
                break;
            case XmlSchemaComplexType complex:
                WriteComplex(writer, name, complex, value, path);
                break;
        }
    }

    /// <summary>The repeated element of a list wrapper such as <c>leg_ids</c> (a sequence of one element that may occur more than once).</summary>
    private static XmlSchemaElement? ListItem(XmlSchemaComplexType type) =>
        type.AttributeUses.Count == 0 && type.ContentTypeParticle is XmlSchemaSequence { Items.Count: 1 } sequence
            && sequence.Items[0] is XmlSchemaElement { MaxOccurs: > 1 } item
            ? item
            : null;

    /// <summary>The value as text, checked against its schema type (patterns, enumerations, ranges).</summary>
    private static string Checked(XmlSchemaSimpleType type, JsonNode? node, string path)
    {
        var text = Text(node);
        if (text is null)
        {
            throw new VaultRecordException(path, $"{path} must be a string, a number or true/false.");
        }

        try
        {
            type.Datatype!.ParseValue(text, null, null);
        }
        catch (XmlSchemaException error)
        {
            throw new VaultRecordException(path, $"{path} '{Snippet(text)}' is not a valid {TypeName(type)}: {error.Message}");
        }

        return text;
    }

    /// <summary>A scalar's text as the XML carries it (a number as written, true/false), or null for anything else.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    private static string TypeName(XmlSchemaSimpleType type) =>
        type.QualifiedName.IsEmpty ? type.Datatype!.TypeCode.ToString().ToLowerInvariant() : type.QualifiedName.Name;

    private static string Snippet(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static int AttributeOrder(XmlSchemaAttribute attribute) => attribute.QualifiedName.Name switch
    {
        "id" => 0,
        "at" => 1,
        _ => 2,
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static VaultRecordException Missing(string path) => new(path, $"{path} is required.");
}
