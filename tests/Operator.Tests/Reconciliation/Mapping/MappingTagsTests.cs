using CrossAccountStreams.Operator.Reconciliation.Mapping;

namespace CrossAccountStreams.Operator.Tests.Reconciliation.Mapping;

public sealed class MappingTagsTests
{
    public static TheoryData<string, string, string, string> Cases => new()
    {
        { "all present", "team=orders,owner=a/b", "owner=a/b,team=orders", "" },
        { "a new tag", "team=orders,cost=42", "team=orders", "cost=42" },
        { "a changed value", "team=billing", "team=orders", "team=billing" },
        { "tags others put on are kept, not removed", "team=orders", "team=orders,aws:cloudformation:stack-name=x", "" },
        { "keys are case-sensitive", "Team=orders", "team=orders", "Team=orders" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_missing_or_different_spec_tags_are_applied(string situation, string desired, string actual, string expected)
    {
        var toApply = MappingTags.ToApply(Parse(desired), Parse(actual));

        Assert.True(Format(toApply) == expected, $"{situation}: got {Format(toApply)}");
    }

    private static Dictionary<string, string> Parse(string tags) =>
        tags.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split('=')).ToDictionary(p => p[0], p => p[1]);

    private static string Format(IReadOnlyDictionary<string, string> tags) => string.Join(",", tags.Select(t => $"{t.Key}={t.Value}"));
}
