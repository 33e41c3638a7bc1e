using System.Net;
using LocalAws.Tests.Support;

namespace LocalAws.Tests.Faults;

public sealed class InjectedFaultCountTests
{
    [Fact]
    public async Task Only_the_fault_that_decided_the_answer_is_counted_and_the_first_matching_rule_decides()
    {
        await using var server = await Servers.StartAsync();
        using var lambda = new LambdaTestClient(server, AwsClients.Root(DefaultWorld.TargetAccountId));
        server.Faults.Add(new FaultRule("lambda", "ListEventSourceMappings", FaultKind.ServerError) { Count = 1 });
        server.Faults.Throttle("lambda", "ListEventSourceMappings", probability: 1);

        var first = await lambda.ListMappingsAsync();
        var second = await lambda.ListMappingsAsync();

        Assert.Equal((HttpStatusCode.InternalServerError, HttpStatusCode.TooManyRequests), (first.Status, second.Status));
        var injected = server.Faults.Injected;
        Assert.Equal(1, injected.Of(FaultKind.ServerError, "lambda"));
        Assert.Equal(1, injected.Of(FaultKind.Throttle, "lambda"));
        Assert.Equal(0, injected.Of(FaultKind.Throttle, "dynamodb"));
    }
}
