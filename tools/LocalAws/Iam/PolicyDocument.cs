using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalAws.Iam;

/// <summary>A parsed IAM policy document (identity, trust or resource policy).</summary>
public sealed record PolicyDocument(string? Version, IReadOnlyList<PolicyStatement> Statements)
{
    /// <summary>Parses a policy; throws <see cref="PolicyFormatException"/> naming what is wrong.</summary>
    public static PolicyDocument Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new PolicyFormatException($"the policy is not valid JSON ({ex.Message})");
        }
        return FromNode(root);
    }

    public static PolicyDocument FromNode(JsonNode? root)
    {
        if (root is not JsonObject obj)
        {
            throw new PolicyFormatException("the policy must be a JSON object");
        }
        var version = obj["Version"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var statementsNode = obj["Statement"] ?? throw new PolicyFormatException("the policy has no Statement");
        var statements = new List<PolicyStatement>();
        if (statementsNode is JsonArray array)
        {
            foreach (var item in array)
            {
                statements.Add(PolicyStatement.FromNode(item));
            }
        }
        else
        {
            statements.Add(PolicyStatement.FromNode(statementsNode));
        }
        if (statements.Count == 0)
        {
            throw new PolicyFormatException("the policy has an empty Statement list");
        }
        return new PolicyDocument(version, statements);
    }

    public static PolicyDocument AllowAll(string action, string resource) =>
        new("2012-10-17", [new PolicyStatement(null, true, null, [action], false, [resource], false, [])]);
}

/// <summary>One statement of a policy.</summary>
public sealed record PolicyStatement(
    string? Sid,
    bool Allow,
    PolicyPrincipal? Principal,
    IReadOnlyList<string> Actions,
    bool NotAction,
    IReadOnlyList<string> Resources,
    bool NotResource,
    IReadOnlyList<PolicyCondition> Conditions)
{
    public static PolicyStatement FromNode(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            throw new PolicyFormatException("each Statement must be a JSON object");
        }
        var sid = StringOf(obj["Sid"]);
        var effect = StringOf(obj["Effect"]);
        if (effect is not ("Allow" or "Deny"))
        {
            throw new PolicyFormatException($"Effect must be \"Allow\" or \"Deny\" (statement {sid ?? "without Sid"})");
        }
        var notAction = obj.ContainsKey("NotAction");
        var actions = StringList(obj[notAction ? "NotAction" : "Action"]);
        if (actions.Count == 0)
        {
            throw new PolicyFormatException($"a statement needs Action or NotAction (statement {sid ?? "without Sid"})");
        }
        var notResource = obj.ContainsKey("NotResource");
        var resources = StringList(obj[notResource ? "NotResource" : "Resource"]);
        var principal = obj.ContainsKey("Principal") ? PolicyPrincipal.FromNode(obj["Principal"]) : null;
        var conditions = new List<PolicyCondition>();
        if (obj["Condition"] is JsonObject condition)
        {
            foreach (var (op, keys) in condition)
            {
                if (keys is not JsonObject keyMap)
                {
                    throw new PolicyFormatException($"Condition operator {op} must map keys to values");
                }
                foreach (var (key, values) in keyMap)
                {
                    conditions.Add(new PolicyCondition(op, key, StringList(values)));
                }
            }
        }
        else if (obj.ContainsKey("Condition"))
        {
            throw new PolicyFormatException("Condition must be a JSON object");
        }
        return new PolicyStatement(sid, effect == "Allow", principal, actions, notAction, resources, notResource, conditions);
    }

    internal static string? StringOf(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    internal static List<string> StringList(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return [];
            case JsonArray array:
                var list = new List<string>();
                foreach (var item in array)
                {
                    list.Add(ScalarText(item) ?? throw new PolicyFormatException("policy lists may hold only strings"));
                }
                return list;
            default:
                return [ScalarText(node) ?? throw new PolicyFormatException("expected a string or a list of strings")];
        }
    }

    private static string? ScalarText(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}

/// <summary>The Principal element: "*" or a map of AWS / Service / Federated principals.</summary>
public sealed record PolicyPrincipal(bool Anyone, IReadOnlyList<string> Aws, IReadOnlyList<string> Services)
{
    public static PolicyPrincipal FromNode(JsonNode? node)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var s))
        {
            return s == "*" ? new PolicyPrincipal(true, [], []) : throw new PolicyFormatException("Principal must be \"*\" or an object");
        }
        if (node is not JsonObject obj)
        {
            throw new PolicyFormatException("Principal must be \"*\" or an object");
        }
        var aws = PolicyStatement.StringList(obj["AWS"]);
        var services = PolicyStatement.StringList(obj["Service"]);
        return new PolicyPrincipal(aws.Contains("*"), aws, services);
    }
}

/// <summary>One condition: operator, context key, and the values to compare with.</summary>
public sealed record PolicyCondition(string Operator, string Key, IReadOnlyList<string> Values);

/// <summary>A policy document that cannot be parsed or is malformed.</summary>
public sealed class PolicyFormatException(string message) : Exception(message);
