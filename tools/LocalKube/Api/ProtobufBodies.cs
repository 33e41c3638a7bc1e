using System.Text;
using System.Text.Json.Nodes;

namespace LocalKube.Api;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + runtime.Unknown) for the few built-in kinds kubectl's typed
/// commands create (<c>kubectl create namespace|configmap|secret</c>) into their JSON form. Only the fields those
/// commands set are read: object metadata (name, generateName, namespace, labels, annotations, finalizers) and the
/// kinds' data. Anything else is 415.
/// </summary>
public static class ProtobufBodies
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = [(byte)'k', (byte)'8', (byte)'s', 0];

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Unsupported("missing protobuf envelope");
        }

        string? apiVersion = null, kind = null;
        byte[] raw = [];
        foreach (var (field, value) in Fields(body.AsMemory(Magic.Length)))
        {
            switch (field)
            {
                case 1:
                    foreach (var (typeField, typeValue) in Fields(value))
                    {
                        if (typeField == 1)
                        {
                            apiVersion = Text(typeValue);
                        }
                        else if (typeField == 2)
                        {
                            kind = Text(typeValue);
                        }
                    }

                    break;
                case 2:
                    raw = value.ToArray();
                    break;
                default:
                    break;
            }
        }

        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        switch ((apiVersion, kind))
        {
            case ("v1", "Namespace"):
                foreach (var (field, value) in Fields(raw))
                {
                    if (field == 1)
                    {
                        obj["metadata"] = Metadata(value);
                    }
                }

                break;
            case ("v1", "ConfigMap"):
                foreach (var (field, value) in Fields(raw))
                {
                    switch (field)
                    {
                        case 1:
                            obj["metadata"] = Metadata(value);
                            break;
                        case 2:
                            AddEntry(obj, "data", value, base64: false);
                            break;
                        case 3:
                            AddEntry(obj, "binaryData", value, base64: true);
                            break;
                        default:
                            break;
                    }
                }

                break;
            case ("v1", "Secret"):
                foreach (var (field, value) in Fields(raw))
                {
                    switch (field)
                    {
                        case 1:
                            obj["metadata"] = Metadata(value);
                            break;
                        case 2:
                            AddEntry(obj, "data", value, base64: true);
                            break;
                        case 3 when value.Length > 0:
                            obj["type"] = Text(value);
                            break;
                        case 4:
                            AddEntry(obj, "stringData", value, base64: false);
                            break;
                        default:
                            break;
                    }
                }

                break;
            default:
                throw Unsupported($"protobuf is not supported for {apiVersion}/{kind}");
        }

        return obj;
    }

    private static JsonObject Metadata(ReadOnlyMemory<byte> message)
    {
        var metadata = new JsonObject();
        // Go's protobuf writes empty strings too; an empty name or namespace means unset.
        foreach (var (field, value) in Fields(message).Where(f => f.Value.Length > 0))
        {
            switch (field)
            {
                case 1:
                    metadata["name"] = Text(value);
                    break;
                case 2:
                    metadata["generateName"] = Text(value);
                    break;
                case 3:
                    metadata["namespace"] = Text(value);
                    break;
                case 11:
                    AddEntry(metadata, "labels", value, base64: false);
                    break;
                case 12:
                    AddEntry(metadata, "annotations", value, base64: false);
                    break;
                case 14:
                    var finalizers = metadata["finalizers"] as JsonArray ?? [];
                    finalizers.Add(Text(value));
                    metadata["finalizers"] = finalizers;
                    break;
                default:
                    break;
            }
        }

        return metadata;
    }

    /// <summary>Adds one map entry (a message of key = 1, value = 2) to the map property <paramref name="name"/>.</summary>
    private static void AddEntry(JsonObject target, string name, ReadOnlyMemory<byte> entry, bool base64)
    {
        string key = "";
        ReadOnlyMemory<byte> value = ReadOnlyMemory<byte>.Empty;
        foreach (var (field, bytes) in Fields(entry))
        {
            if (field == 1)
            {
                key = Text(bytes);
            }
            else if (field == 2)
            {
                value = bytes;
            }
        }

        var map = target[name] as JsonObject ?? [];
        map[key] = base64 ? Convert.ToBase64String(value.Span) : Text(value);
        target[name] = map;
    }

    /// <summary>The length-delimited fields of a message; scalar fields are skipped.</summary>
    private static List<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<(int, ReadOnlyMemory<byte>)>();
        var span = message.Span;
        var position = 0;
        while (position < span.Length)
        {
            var tag = Varint(span, ref position);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    Varint(span, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(span, ref position);
                    if (length < 0 || position + length > span.Length)
                    {
                        throw Unsupported("truncated protobuf message");
                    }

                    fields.Add((field, message.Slice(position, length)));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw Unsupported("unsupported protobuf wire type");
            }
        }

        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64 && position < span.Length; shift += 7)
        {
            var b = span[position++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Unsupported("malformed protobuf varint");
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    private static ApiException Unsupported(string detail) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml ({detail})");
}
