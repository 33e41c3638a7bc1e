using System.Text.Json.Nodes;
using LocalAws.DataPlane;

namespace LocalAws.Tests.DataPlane;

public sealed class EventPatternTests
{
    private static readonly JsonNode Record = JsonNode.Parse("""
        {"eventName":"MODIFY","dynamodb":{"Keys":{"id":{"S":"order-17"}},"NewImage":{"status":{"S":"PAID"},"total":{"N":"42"}}}}
        """)!;

    [Theory]
    [InlineData("""{"eventName":["MODIFY"]}""", true)]
    [InlineData("""{"eventName":["INSERT","MODIFY"]}""", true)]
    [InlineData("""{"eventName":["INSERT"]}""", false)]
    [InlineData("""{"dynamodb":{"Keys":{"id":{"S":[{"prefix":"order-"}]}}}}""", true)]
    [InlineData("""{"dynamodb":{"Keys":{"id":{"S":[{"suffix":"-17"}]}}}}""", true)]
    [InlineData("""{"dynamodb":{"NewImage":{"status":{"S":[{"equals-ignore-case":"paid"}]}}}}""", true)]
    [InlineData("""{"dynamodb":{"NewImage":{"status":{"S":[{"anything-but":["PAID"]}]}}}}""", false)]
    [InlineData("""{"dynamodb":{"NewImage":{"status":{"S":[{"anything-but":"NEW"}]}}}}""", true)]
    [InlineData("""{"dynamodb":{"NewImage":{"deleted":[{"exists":false}]}}}""", true)]
    [InlineData("""{"dynamodb":{"NewImage":{"status":[{"exists":true}]}}}""", true)]
    [InlineData("""{"dynamodb":{"NewImage":{"total":{"N":[{"numeric":[">",40,"<=",42]}]}}}}""", true)]
    [InlineData("""{"dynamodb":{"NewImage":{"total":{"N":[{"numeric":[">",42]}]}}}}""", false)]
    [InlineData("""{"eventName":["MODIFY"],"dynamodb":{"NewImage":{"status":{"S":["NEW"]}}}}""", false)]
    public void Patterns_match_stream_records_like_Lambda_event_filtering(string pattern, bool matches)
    {
        var parsed = EventPattern.TryParse(pattern, out var problem);

        Assert.Null(problem);
        Assert.Equal(matches, parsed!.Matches(Record));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""["eventName"]""")]
    [InlineData("""{"eventName":"MODIFY"}""")]
    [InlineData("""{"eventName":[{"wildcard-ish":"x"}]}""")]
    public void Malformed_patterns_are_refused(string pattern)
    {
        Assert.Null(EventPattern.TryParse(pattern, out var problem));
        Assert.NotNull(problem);
    }
}
