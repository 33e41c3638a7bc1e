using System.Text.Json.Nodes;
using CrossAccountStreams.Sandbox.Hosting;

namespace CrossAccountStreams.Sandbox.Tests.Hosting;

public sealed class WorldDescriptionTests
{
    [Fact]
    public void Each_account_reads_as_its_tables_functions_and_roles()
    {
        var snapshot = JsonNode.Parse("""
            {"accounts": [
              {"id": "111111111111", "roles": [{"arn": "arn:aws:iam::111111111111:role/stream-subscription-source"}],
               "tables": [{"name": "Orders", "latestStreamArn": "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/x"}], "functions": []},
              {"id": "222222222222", "roles": [], "tables": [],
               "functions": [{"arn": "arn:aws:lambda:eu-west-1:222222222222:function:order-processor"}]},
              {"id": "444444444444"}
            ]}
            """)!.AsObject();

        var lines = WorldDescription.Describe(snapshot);

        Assert.Equal(
            [
                "account 111111111111: tables Orders (stream); roles stream-subscription-source",
                "account 222222222222: functions order-processor",
                "account 444444444444: empty",
            ],
            lines);
    }
}
