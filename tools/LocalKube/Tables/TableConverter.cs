using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalKube.Json;
using LocalKube.Resources;

namespace LocalKube.Tables;

/// <summary>Renders objects as a <c>meta.k8s.io/v1 Table</c>, as kube-apiserver does for <c>Accept: ...;as=Table</c>.</summary>
public static class TableConverter
{
    public static JsonObject Convert(ResourceType type, IEnumerable<JsonObject> objects, string resourceVersion, DateTimeOffset now, string includeObject)
    {
        var columns = type.Columns.Count > 0 ? type.Columns : [TableColumn.Age];
        var definitions = new JsonArray
        {
            new JsonObject
            {
                ["name"] = "Name",
                ["type"] = "string",
                ["format"] = "name",
                ["description"] = "Name must be unique within a namespace.",
                ["priority"] = 0,
            },
        };
        foreach (var column in columns)
        {
            definitions.Add(new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type,
                ["format"] = column.Format,
                ["description"] = column.Description,
                ["priority"] = column.Priority,
            });
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray { obj["metadata"]?["name"]?.DeepClone() };
            foreach (var column in columns)
            {
                cells.Add(Cell(column, obj, now));
            }

            var row = new JsonObject { ["cells"] = cells };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj.DeepClone();
                    break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = obj["metadata"]?.DeepClone(),
                    };
                    break;
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    private static JsonNode? Cell(TableColumn column, JsonObject obj, DateTimeOffset now)
    {
        var value = column.Read(obj);
        if (value is null)
        {
            return null;
        }

        var kind = value.GetValueKind();
        switch (column.Type)
        {
            case "string":
                return JsonPathExpression.Print(value);
            case "integer" when kind == JsonValueKind.Number:
                var number = JsonNumber.Read(value);
                return Math.Floor(number) == number ? JsonValue.Create((long)number) : null;
            case "number" when kind == JsonValueKind.Number:
                return value.DeepClone();
            case "boolean" when kind is JsonValueKind.True or JsonValueKind.False:
                return value.DeepClone();
            case "date" when kind == JsonValueKind.String:
                return DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                    ? HumanDuration.Format(now - time)
                    : null;
            default:
                return null;
        }
    }
}
