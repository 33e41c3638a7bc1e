using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Reconciliation.Validation;

namespace CrossAccountStreams.Operator.Tests.Reconciliation.Validation;

public sealed class SubscriptionSpecCheckTests
{
    public static TheoryData<string, string[], Dictionary<string, string>, string?> Cases => new()
    {
        { "A spec without filters or tags passes", [], [], null },
        { "A filter that is a JSON object passes", ["""{"eventName":["INSERT"]}"""], [], null },
        { "A filter written over several lines passes", ["{\n  \"eventName\": [\"INSERT\"]\n}"], [], null },
        { "Tags of letters in any script, digits and the allowed symbols pass", [], new() { ["team"] = "Équipe 7 _.:/=+@-" }, null },
        { "A filter that is not JSON names its index", ["""{"eventName":["INSERT"]}""", """{"eventName": [INSERT"""], [], "spec.mapping.filters[1].pattern is not valid JSON" },
        { "A filter that is a JSON array is refused", ["[1,2]"], [], "spec.mapping.filters[0].pattern is a JSON array, not an object" },
        { "A filter that is a JSON string is refused", ["\"}]}\""], [], "spec.mapping.filters[0].pattern is a JSON string, not an object" },
        { "A tag key reserved by AWS is refused", [], new() { ["aws:owner"] = "me" }, "spec.mapping.tags has an invalid key \"aws:owner\"" },
        { "A tag key with a newline is shown escaped", [], new() { ["team\nx"] = "a" }, "invalid key \"team\\nx\"" },
        { "A tag value with CR and LF is shown escaped", [], new() { ["team"] = "a\r\nINFO forged" }, "spec.mapping.tags[\"team\"] has an invalid value \"a\\r\\nINFO forged\"" },
        { "A tag value with a terminal escape is shown escaped", [], new() { ["team"] = "\u001b[31mred" }, "invalid value \"\\u001B[31mred\"" },
        { "A tag value breaking out of JSON is refused with its quote escaped", [], new() { ["team"] = "\"},\"Principal\":\"*" }, "invalid value \"\\\"},\\\"Principal\\\":\\\"*\"" },
        { "A tag value longer than 256 characters is refused", [], new() { ["team"] = new string('a', 257) }, "spec.mapping.tags[\"team\"] has an invalid value" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Checks_what_the_schema_cannot(string name, string[] filters, Dictionary<string, string> tags, string? expected)
    {
        var spec = new StreamSubscriptionSpec
        {
            Source = new StreamSource { Account = "source", Region = "eu-west-1", TableName = "Orders" },
            Target = new FunctionTarget { Account = "target", FunctionName = "order-processor" },
            Mapping = new MappingSpec
            {
                Filters = filters.Length == 0 ? null : [.. filters.Select(f => new EventFilter { Pattern = f })],
                Tags = tags.Count == 0 ? null : tags,
            },
        };

        var problem = SubscriptionSpecCheck.FirstProblem(spec);

        if (expected is null)
        {
            Assert.True(problem is null, $"{name}: {problem}");
        }
        else
        {
            Assert.NotNull(problem);
            Assert.Contains(expected, problem, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', problem);
            Assert.DoesNotContain('\r', problem);
            Assert.DoesNotContain('\u001b', problem);
        }
    }

    [Fact]
    public void A_long_value_is_shortened_in_the_message()
    {
        var spec = new StreamSubscriptionSpec { Mapping = new MappingSpec { Tags = new Dictionary<string, string> { ["k"] = new string('!', 1000) } } };

        var problem = SubscriptionSpecCheck.FirstProblem(spec)!;

        Assert.Contains(new string('!', 64) + "...", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('!', 65), problem, StringComparison.Ordinal);
    }
}
