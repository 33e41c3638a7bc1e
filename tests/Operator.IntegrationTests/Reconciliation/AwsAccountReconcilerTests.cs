using CrossAccountStreams.Entities;
using CrossAccountStreams.Operator.IntegrationTests.Support;
using CrossAccountStreams.Operator.Runtime;
using LocalAws;

namespace CrossAccountStreams.Operator.IntegrationTests.Reconciliation;

public sealed class AwsAccountReconcilerTests
{
    [Fact]
    public async Task An_account_whose_role_the_operator_can_assume_becomes_Ready_with_the_caller_identity()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        var account = aws.Accounts.Put(LocalAwsHarness.Account("source", DefaultWorld.SourceAccountId, DefaultWorld.SourceRoleArn, DefaultWorld.SourceExternalId, []));

        await aws.AccountReconciler.ReconcileAsync(ObjectKey.Of(account), CancellationToken.None);

        var status = aws.Accounts.Get(ObjectKey.Of(account))!.Status;
        Assert.Equal("True", status.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Status);
        Assert.Equal(DefaultWorld.SourceAccountId, status.CallerAccountId);
        Assert.StartsWith("arn:aws:sts::111111111111:assumed-role/stream-subscription-source/", status.CallerArn, StringComparison.Ordinal);
        Assert.Contains(aws.Server.World.Calls, c => c.Operation == "AssumeRole");
        Assert.Contains(aws.Server.World.Calls, c => c.Operation == "GetCallerIdentity" && c.CallerAccount == DefaultWorld.SourceAccountId);
    }

    [Fact]
    public async Task A_wrong_external_ID_is_refused_and_the_account_stalls()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        var account = aws.Accounts.Put(LocalAwsHarness.Account("source", DefaultWorld.SourceAccountId, DefaultWorld.SourceRoleArn, "not-the-external-id", []));

        await aws.AccountReconciler.ReconcileAsync(ObjectKey.Of(account), CancellationToken.None);

        var conditions = aws.Accounts.Get(ObjectKey.Of(account))!.Status.Conditions!;
        Assert.Equal("False", conditions.Single(c => c.Type == ConditionTypes.Ready).Status);
        var stalled = conditions.Single(c => c.Type == ConditionTypes.Stalled);
        Assert.Equal(ConditionReasons.AssumeRoleFailed, stalled.Reason);
        Assert.Contains("sts:AssumeRole", stalled.Message, StringComparison.Ordinal);
    }
}
