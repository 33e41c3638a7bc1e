using System.Text.Json.Nodes;
using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Delivery.Tests.Iam;

/// <summary>One statement of an IAM policy, with Action and Resource normalised to lists.</summary>
public sealed record IamStatement(string Sid, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, JsonObject? Principal, JsonObject? Condition)
{
    public bool Conditions(string key) =>
        Condition?.Any(test => test.Value is JsonObject keys && keys.ContainsKey(key)) ?? false;
}

/// <summary>A policy document from docs/iam/policies.</summary>
public sealed record IamPolicyDocument(string File, IReadOnlyList<IamStatement> Statements)
{
    public static string Folder => RepoPaths.Combine("docs", "iam", "policies");

    public IEnumerable<string> Actions => Statements.SelectMany(s => s.Actions);

    public static IamPolicyDocument Load(string file)
    {
        var root = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(Folder, file)))!.AsObject();
        Assert.Equal("2012-10-17", (string?)root["Version"]);
        var statements = root["Statement"]!.AsArray().Select(s =>
        {
            var statement = s!.AsObject();
            Assert.Equal("Allow", (string?)statement["Effect"]);
            Assert.Null(statement["NotAction"]);
            Assert.Null(statement["NotResource"]);
            Assert.Null(statement["NotPrincipal"]);
            return new IamStatement(
                (string?)statement["Sid"] ?? "",
                Strings(statement["Action"]),
                Strings(statement["Resource"]),
                statement["Principal"] as JsonObject,
                statement["Condition"] as JsonObject);
        }).ToList();
        return new IamPolicyDocument(file, statements);
    }

    private static List<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(v => (string)v!).ToList(),
        _ => [(string)node!],
    };
}
