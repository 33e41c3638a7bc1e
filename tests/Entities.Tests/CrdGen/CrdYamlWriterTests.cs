using System.Text.Json.Nodes;
using CrossAccountStreams.CrdGen;
using CrossAccountStreams.Entities.Tests.Support;

namespace CrossAccountStreams.Entities.Tests.CrdGen;

/// <summary>kubectl reads YAML 1.1: an unquoted True or 123 would silently become a boolean or a number.</summary>
public sealed class CrdYamlWriterTests
{
    [Theory]
    [InlineData("True")]
    [InlineData("false")]
    [InlineData("yes")]
    [InlineData("off")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("111111111111")]
    [InlineData("2024-01-01")]
    [InlineData("12:30")]
    [InlineData("key: value")]
    [InlineData("# not a comment")]
    [InlineData("'quoted'")]
    [InlineData("{\"eventName\":[\"INSERT\"]}")]
    [InlineData("^[0-9]{12}$")]
    [InlineData("line one\nline two")]
    [InlineData("- dash")]
    [InlineData("* star")]
    [InlineData("&anchor")]
    [InlineData("!tag")]
    [InlineData(" padded ")]
    [InlineData("a #b")]
    [InlineData("[x]")]
    [InlineData("|")]
    [InlineData("@at")]
    public void String_reads_back_as_the_same_string(string text)
    {
        var yaml = CrdYamlWriter.Write(new JsonObject { ["value"] = text });

        var read = YamlDocuments.Parse(yaml).Single()["value"];

        Assert.Equal(System.Text.Json.JsonValueKind.String, read?.GetValueKind());
        Assert.Equal(text, (string?)read);
    }

    [Fact]
    public void Numbers_and_booleans_stay_unquoted_and_keys_are_sorted()
    {
        var yaml = CrdYamlWriter.Write(new JsonObject { ["b"] = 100, ["a"] = true, ["c"] = new JsonArray("x"), ["d"] = new JsonObject() });

        Assert.Equal("---\na: true\nb: 100\nc:\n- x\nd: {}\n", yaml);
    }

    [Fact]
    public void Header_becomes_comment_lines_before_the_document()
    {
        var yaml = CrdYamlWriter.Write(new JsonObject { ["a"] = 1 }, "first\n  second");

        Assert.StartsWith("# first\n#   second\n---\n", yaml, StringComparison.Ordinal);
    }
}
