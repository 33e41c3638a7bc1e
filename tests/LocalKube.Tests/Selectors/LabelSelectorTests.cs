using System.Text.Json.Nodes;
using LocalKube.Api;
using LocalKube.Selectors;

namespace LocalKube.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly JsonObject Labelled = JsonNode.Parse("""{"metadata":{"labels":{"tier":"gold","app":"orders"}}}""")!.AsObject();

    [Theory]
    [InlineData("", true)]
    [InlineData("tier=gold", true)]
    [InlineData("tier==gold", true)]
    [InlineData("tier!=gold", false)]
    [InlineData("tier in (gold, silver)", true)]
    [InlineData("tier notin (gold)", false)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!missing", true)]
    [InlineData("missing!=x", true)]
    [InlineData("tier=gold,app=payments", false)]
    [InlineData("tier in (gold),app notin (payments),!missing", true)]
    public void A_selector_matches_as_kube_apiserver_does(string selector, bool matches) =>
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labelled));

    [Theory]
    [InlineData("tier in gold")]
    [InlineData("tier=gold,")]
    public void A_malformed_selector_is_a_400(string selector) =>
        Assert.Equal(400, Assert.Throws<ApiException>(() => LabelSelector.Parse(selector)).Code);
}
