using System.Text.Json.Nodes;

namespace LocalAws.Tests.Support;

/// <summary>Stream policy documents as the operator writes them.</summary>
public static class StreamPolicies
{
    public static string ReadBy(string principalArn, params string[] actions) => ReadByAll([principalArn], actions);

    public static string ReadByAll(string[] principalArns, params string[] actions)
    {
        var granted = actions.Length > 0 ? actions : ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];
        return new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Sid"] = "AllowCrossAccountStreamAccess",
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["AWS"] = new JsonArray([.. principalArns.Select(p => (JsonNode)JsonValue.Create(p))]) },
                ["Action"] = new JsonArray([.. granted.Select(a => (JsonNode)JsonValue.Create(a))]),
                ["Resource"] = "*",
            }),
        }.ToJsonString();
    }
}
