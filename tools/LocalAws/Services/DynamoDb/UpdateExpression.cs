using System.Text.Json.Nodes;
using LocalAws.Protocols;

namespace LocalAws.Services.DynamoDb;

/// <summary>
/// The subset of DynamoDB update expressions LocalAws applies: "SET a = :v, #b = :w" and "REMOVE c, d" on top-level
/// attributes. Anything else is refused with a ValidationException rather than silently misapplied.
/// </summary>
public static class UpdateExpression
{
    public static void Apply(string expression, JsonObject item, JsonObject? names, JsonObject? values)
    {
        var tokens = expression.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        string? section = null;
        var clause = new List<string>();
        void Flush()
        {
            if (section is null)
            {
                return;
            }
            var text = string.Join(' ', clause);
            foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (section == "SET")
                {
                    var assignment = part.Split('=', 2, StringSplitOptions.TrimEntries);
                    if (assignment.Length != 2)
                    {
                        throw Invalid($"Invalid UpdateExpression: Syntax error; token: \"{part}\"");
                    }
                    item[Name(assignment[0], names)] = Operand(assignment[1], item, names, values);
                }
                else
                {
                    item.Remove(Name(part, names));
                }
            }
            clause.Clear();
        }
        foreach (var token in tokens)
        {
            var upper = token.ToUpperInvariant();
            if (upper is "SET" or "REMOVE")
            {
                Flush();
                section = upper;
            }
            else if (upper is "ADD" or "DELETE")
            {
                throw Invalid($"Invalid UpdateExpression: LocalAws supports only SET and REMOVE clauses; found {upper}");
            }
            else if (section is null)
            {
                throw Invalid($"Invalid UpdateExpression: Syntax error; token: \"{token}\"");
            }
            else
            {
                clause.Add(token);
            }
        }
        Flush();
    }

    private static string Name(string path, JsonObject? names)
    {
        if (path.Contains('.', StringComparison.Ordinal) || path.Contains('[', StringComparison.Ordinal))
        {
            throw Invalid($"Invalid UpdateExpression: LocalAws supports only top-level attributes; found \"{path}\"");
        }
        if (path.StartsWith('#'))
        {
            return names?[path]?.GetValue<string>()
                ?? throw Invalid($"Value provided in ExpressionAttributeNames unused in expressions or undefined: An expression attribute name used in the document path is not defined; attribute name: {path}");
        }
        return path;
    }

    private static JsonNode Operand(string operand, JsonObject item, JsonObject? names, JsonObject? values)
    {
        if (operand.StartsWith(':'))
        {
            return values?[operand]?.DeepClone()
                ?? throw Invalid($"Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: {operand}");
        }
        if (operand.Contains('(', StringComparison.Ordinal) || operand.Contains('+', StringComparison.Ordinal) || operand.Contains('-', StringComparison.Ordinal))
        {
            throw Invalid($"Invalid UpdateExpression: LocalAws supports only values and attribute copies in SET; found \"{operand}\"");
        }
        return item[Name(operand, names)]?.DeepClone()
            ?? throw Invalid($"The provided expression refers to an attribute that does not exist in the item");
    }

    private static AwsErrorException Invalid(string message) => new(ServiceErrors.DynamoValidation(message));
}
