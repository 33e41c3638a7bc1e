using System.Text.Json.Nodes;

namespace LocalKube.Tables;

/// <summary>A <c>kubectl get</c> column: its definition and how a cell's raw value is read from an object.</summary>
public sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority, Func<JsonObject, JsonNode?> Read)
{
    public static TableColumn FromJsonPath(string name, string type, string format, string description, int priority, string jsonPath)
    {
        var path = JsonPathExpression.Parse(jsonPath);
        return new TableColumn(name, type, format, description, priority, o => path.Evaluate(o).FirstOrDefault());
    }

    public static TableColumn Age { get; } =
        FromJsonPath("Age", "date", "", "Age of the object", 0, ".metadata.creationTimestamp");
}
