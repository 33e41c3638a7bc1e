using System.Text.Json.Nodes;
using LocalKube.Api;
using LocalKube.Patching;

namespace LocalKube.Tests.Patching;

public sealed class PatchTests
{
    private static readonly JsonNode Target = JsonNode.Parse("""{"a":{"b":1,"c":[1,2]},"d":"x"}""")!;

    [Theory]
    [InlineData("""{"a":{"b":2}}""", """{"a":{"b":2,"c":[1,2]},"d":"x"}""")]
    [InlineData("""{"a":{"c":[3]}}""", """{"a":{"b":1,"c":[3]},"d":"x"}""")]
    [InlineData("""{"d":null}""", """{"a":{"b":1,"c":[1,2]}}""")]
    public void Merge_patch_merges_objects_replaces_lists_and_deletes_nulls(string patch, string expected) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonMergePatch.Apply(Target, JsonNode.Parse(patch))));

    [Theory]
    [InlineData("""[{"op":"add","path":"/a/c/-","value":3}]""", """{"a":{"b":1,"c":[1,2,3]},"d":"x"}""")]
    [InlineData("""[{"op":"remove","path":"/a/b"}]""", """{"a":{"c":[1,2]},"d":"x"}""")]
    [InlineData("""[{"op":"replace","path":"/d","value":"y"}]""", """{"a":{"b":1,"c":[1,2]},"d":"y"}""")]
    [InlineData("""[{"op":"move","from":"/d","path":"/e"}]""", """{"a":{"b":1,"c":[1,2]},"e":"x"}""")]
    [InlineData("""[{"op":"copy","from":"/d","path":"/e"}]""", """{"a":{"b":1,"c":[1,2]},"d":"x","e":"x"}""")]
    [InlineData("""[{"op":"test","path":"/d","value":"x"},{"op":"add","path":"/a/c/0","value":0}]""", """{"a":{"b":1,"c":[0,1,2]},"d":"x"}""")]
    public void Json_patch_applies_each_operation(string patch, string expected) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonPatchDocument.Apply(Target, JsonNode.Parse(patch))));

    [Theory]
    [InlineData("""[{"op":"test","path":"/d","value":"other"}]""", 422)]
    [InlineData("""[{"op":"remove","path":"/missing"}]""", 422)]
    [InlineData("""[{"op":"add","path":"/a/b"}]""", 400)]
    [InlineData("""{"op":"add"}""", 400)]
    public void A_json_patch_that_cannot_apply_is_rejected_whole(string patch, int code)
    {
        var error = Assert.Throws<ApiException>(() => JsonPatchDocument.Apply(Target, JsonNode.Parse(patch)));
        Assert.Equal(code, error.Code);
        Assert.Equal("x", Target["d"]!.GetValue<string>());
    }

    [Fact]
    public void Strategic_merge_patch_honours_kubectl_directives()
    {
        var live = JsonNode.Parse("""{"metadata":{"labels":{"a":"1","b":"2"}},"data":{"k":"v"},"finalizers":["x","y"]}""");
        var patch = JsonNode.Parse("""{"$setElementOrder/finalizers":["x"],"$deleteFromPrimitiveList/finalizers":["y"],"metadata":{"labels":{"b":null,"c":"3"}},"data":{"$patch":"replace","n":"m"}}""");
        var result = StrategicMergePatch.Apply(live, patch);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"metadata":{"labels":{"a":"1","c":"3"}},"data":{"n":"m"},"finalizers":["x"]}"""), result), result!.ToJsonString());
    }
}
