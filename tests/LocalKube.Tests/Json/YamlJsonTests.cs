using System.Text.Json.Nodes;
using LocalKube.Json;

namespace LocalKube.Tests.Json;

public sealed class YamlJsonTests
{
    [Theory]
    [InlineData("v: 42", """{"v":42}""")]
    [InlineData("v: -1.5", """{"v":-1.5}""")]
    [InlineData("v: true", """{"v":true}""")]
    [InlineData("v: ~", """{"v":null}""")]
    [InlineData("v: '42'", """{"v":"42"}""")]
    [InlineData("v: \"true\"", """{"v":"true"}""")]
    [InlineData("v: 2026-01-01T00:00:00Z", """{"v":"2026-01-01T00:00:00Z"}""")]
    [InlineData("v: [a, 1, {b: c}]", """{"v":["a",1,{"b":"c"}]}""")]
    public void Plain_scalars_are_typed_and_quoted_ones_stay_strings(string yaml, string json) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), YamlJson.ParseSingle(yaml)), YamlJson.ParseSingle(yaml)!.ToJsonString());

    [Fact]
    public void Every_document_of_a_stream_is_read_and_empty_ones_skipped() =>
        Assert.Equal(2, YamlJson.ParseDocuments("# comment\n---\na: 1\n---\n---\nb: 2\n").Count);
}
