using System.Net;
using LocalAws.Tests.Support;

namespace LocalAws.Tests.Faults;

public sealed class CallAnsweredTests
{
    [Fact]
    public async Task CallAnswered_is_raised_with_the_call_log_entry_once_the_client_has_the_whole_answer()
    {
        await using var server = await Servers.StartAsync();
        using var lambda = new LambdaTestClient(server, AwsClients.Root(DefaultWorld.TargetAccountId));
        var clientHasAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new TaskCompletionSource<(CallRecord Call, bool AnsweredFirst)>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Faults.CallAnswered += (_, call) =>
        {
            // Blocks the request path: if the answer were still held back, the client could never signal.
            var answeredFirst = clientHasAnswer.Task.Wait(TimeSpan.FromSeconds(10));
            seen.TrySetResult((call, answeredFirst));
        };

        var response = await lambda.GetFunctionConfigurationAsync(DefaultWorld.OrderProcessorFunctionName);
        clientHasAnswer.SetResult();
        var (call, answeredFirst) = await seen.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(answeredFirst, "CallAnswered ran before the response reached the client");
        Assert.Equal(("lambda", "GetFunctionConfiguration", "Success", DefaultWorld.TargetAccountId), (call.Service, call.Operation, call.Outcome, call.CallerAccount));
        Assert.Equal(server.World.Calls.Last(), call);
    }

    [Fact]
    public async Task CallAnswered_reports_faulted_calls_with_their_error_code()
    {
        await using var server = await Servers.StartAsync();
        using var lambda = new LambdaTestClient(server, AwsClients.Root(DefaultWorld.TargetAccountId));
        var answered = new List<CallRecord>();
        server.Faults.CallAnswered += (_, call) =>
        {
            lock (answered)
            {
                answered.Add(call);
            }
        };
        server.Faults.FailNext("lambda", "ListEventSourceMappings", 1);

        await lambda.ListMappingsAsync();
        await lambda.ListMappingsAsync();

        // Raised just after the answer went out, so possibly a moment after the client returned.
        Assert.True(await Eventually.TrueAsync(() => Outcomes().Count == 2), string.Join(", ", Outcomes()));
        Assert.Equal(["ServiceException", "Success"], Outcomes());

        List<string> Outcomes()
        {
            lock (answered)
            {
                return [.. answered.Select(c => c.Outcome)];
            }
        }
    }
}
