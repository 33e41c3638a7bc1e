using System.Text.Json.Nodes;
using LocalKube.Tables;

namespace LocalKube.Tests.Tables;

public sealed class JsonPathExpressionTests
{
    private static readonly JsonObject Subscription = JsonNode.Parse("""
        {"spec":{"target":{"functionName":"f"},"filters":[{"pattern":"p0"},{"pattern":"p1"}]},
         "status":{"observedGeneration":3,"conditions":[{"type":"Reconciling","status":"False"},{"type":"Ready","status":"True","reason":"Synced"}]}}
        """)!.AsObject();

    [Theory]
    [InlineData(".spec.target.functionName", "f")]
    [InlineData("{.spec.target.functionName}", "f")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "True")]
    [InlineData(".status.conditions[?(@.type=='Ready')].reason", "Synced")]
    [InlineData(".status.conditions[?(@.type!=\"Ready\")].type", "Reconciling")]
    [InlineData(".spec.filters[1].pattern", "p1")]
    [InlineData(".spec.filters[-1].pattern", "p1")]
    [InlineData(".spec.filters[*].pattern", "p0")]
    [InlineData(".status.observedGeneration", "3")]
    [InlineData(".status['observedGeneration']", "3")]
    public void A_printer_column_path_reads_the_first_match(string path, string expected) =>
        Assert.Equal(expected, JsonPathExpression.Print(JsonPathExpression.Parse(path).Evaluate(Subscription)[0]));

    [Theory]
    [InlineData(".status.missing")]
    [InlineData(".status.conditions[?(@.type==\"Stalled\")].status")]
    [InlineData(".spec.filters[5].pattern")]
    public void A_path_that_matches_nothing_yields_no_result(string path) =>
        Assert.Empty(JsonPathExpression.Parse(path).Evaluate(Subscription));

    [Theory]
    [InlineData(59, "59s")]
    [InlineData(119, "119s")]
    [InlineData(300, "5m")]
    [InlineData(330, "5m30s")]
    [InlineData(3 * 3600 + 60, "3h1m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(3 * 86400 + 3600, "3d1h")]
    [InlineData(100 * 86400, "100d")]
    public void Ages_print_like_kubectl(int seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
}
