using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Credentials;
using CrossAccountStreams.Operator.Reconciliation;
using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Tests.Reconciliation.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CrossAccountStreams.Operator.Tests.Reconciliation;

public sealed class AwsAccountReconcilerTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryStore<V1Alpha1AwsAccount> accounts = new();
    private readonly RecordingEventRecorder events = new();
    private readonly ScriptedSts sts = new();
    private readonly ReconciliationOptions settings = new();

    private AwsAccountReconciler Reconciler() => new(
        accounts, accounts, events, sts, Options.Create(new AwsOptions { ClusterName = "prod-eu" }), Options.Create(settings), new GraceClock(time), time, NullLogger<AwsAccountReconciler>.Instance);

    private V1Alpha1AwsAccount Unverified()
    {
        var account = ObjectBuilders.Account("source", "111111111111", "stream-subscription-source", "source-external-id");
        account.Status = new AwsAccountStatus();
        account.Spec.Regions = ["eu-west-1"];
        return accounts.Put(account);
    }

    [Fact]
    public async Task An_assumable_role_in_the_declared_account_makes_the_account_Ready()
    {
        var account = Unverified();
        sts.Identity = new CallerIdentity("111111111111", "arn:aws:sts::111111111111:assumed-role/stream-subscription-source/prod");

        var result = await Reconciler().ReconcileAsync(ObjectKey.Of(account), CancellationToken.None);

        var stored = accounts.Get(ObjectKey.Of(account))!;
        Assert.Equal(settings.AccountVerification, result.RequeueAfter);
        Assert.Equal("True", stored.Status.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Status);
        Assert.Equal(ConditionReasons.RoleAssumed, stored.Status.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Reason);
        Assert.Equal("111111111111", stored.Status.CallerAccountId);
        Assert.Equal(1, stored.Status.ObservedGeneration);
        var assumed = sts.Inputs.Single();
        Assert.Equal("eu-west-1", assumed.Region);
        Assert.Equal("source-external-id", assumed.ExternalId);
        Assert.Equal("arn:aws:iam::111111111111:role/stream-subscription-source", assumed.RoleArn);
        Assert.Equal("prod-eu", assumed.RoleSessionName);
    }

    [Fact]
    public async Task A_role_that_lands_in_another_account_is_refused()
    {
        var account = Unverified();
        sts.Identity = new CallerIdentity("999999999999", "arn:aws:sts::999999999999:assumed-role/x/y");

        await Reconciler().ReconcileAsync(ObjectKey.Of(account), CancellationToken.None);

        var conditions = accounts.Get(ObjectKey.Of(account))!.Status.Conditions!;
        Assert.Equal("False", conditions.Single(c => c.Type == ConditionTypes.Ready).Status);
        var stalled = conditions.Single(c => c.Type == ConditionTypes.Stalled);
        Assert.Equal(ConditionReasons.AccountIdMismatch, stalled.Reason);
        Assert.Contains("account 999999999999, not 111111111111 (spec.accountId)", stalled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_denied_AssumeRole_is_reported_with_AWSs_message()
    {
        var account = Unverified();
        sts.Failure = new AwsOperationException("sts", "AssumeRole", AwsErrorKind.AccessDenied, "AccessDenied", "User is not authorized to perform: sts:AssumeRole");

        await Reconciler().ReconcileAsync(ObjectKey.Of(account), CancellationToken.None);

        var stalled = accounts.Get(ObjectKey.Of(account))!.Status.Conditions!.Single(c => c.Type == ConditionTypes.Stalled);
        Assert.Equal("True", stalled.Status);
        Assert.Equal(ConditionReasons.AssumeRoleFailed, stalled.Reason);
        Assert.Contains("User is not authorized to perform: sts:AssumeRole", stalled.Message, StringComparison.Ordinal);
        Assert.Contains(events.Events, e => e.Type == "Warning" && e.Reason == ConditionReasons.AssumeRoleFailed);
    }

    [Fact]
    public async Task A_throttled_STS_keeps_Reconciling_and_is_retried_by_the_runtime()
    {
        var account = Unverified();
        sts.Failure = new AwsOperationException("sts", "AssumeRole", AwsErrorKind.Throttled, "Throttling", "Rate exceeded");

        await Assert.ThrowsAsync<AwsOperationException>(() => Reconciler().ReconcileAsync(ObjectKey.Of(account), CancellationToken.None));

        var conditions = accounts.Get(ObjectKey.Of(account))!.Status.Conditions!;
        Assert.Equal("True", conditions.Single(c => c.Type == ConditionTypes.Reconciling).Status);
        Assert.Equal("False", conditions.Single(c => c.Type == ConditionTypes.Stalled).Status);
    }

    [Fact]
    public async Task A_throttled_reverification_of_a_Ready_account_keeps_it_Ready_until_the_tolerance_runs_out()
    {
        var account = Unverified();
        var reconciler = Reconciler();
        await reconciler.ReconcileAsync(ObjectKey.Of(account), CancellationToken.None);
        sts.Failure = new AwsOperationException("sts", "AssumeRole", AwsErrorKind.Throttled, "Throttling", "Rate exceeded");

        await Assert.ThrowsAsync<AwsOperationException>(() => reconciler.ReconcileAsync(ObjectKey.Of(account), CancellationToken.None));
        Assert.Equal("True", accounts.Get(ObjectKey.Of(account))!.Status.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Status);
        Assert.Equal(1, accounts.StatusWrites);

        time.Advance(settings.TransientErrorTolerance);
        await Assert.ThrowsAsync<AwsOperationException>(() => reconciler.ReconcileAsync(ObjectKey.Of(account), CancellationToken.None));

        var conditions = accounts.Get(ObjectKey.Of(account))!.Status.Conditions!;
        Assert.Equal("False", conditions.Single(c => c.Type == ConditionTypes.Ready).Status);
        Assert.Equal("True", conditions.Single(c => c.Type == ConditionTypes.Reconciling).Status);
    }

    [Fact]
    public async Task A_verified_account_is_not_written_again_until_verification_is_due()
    {
        var account = Unverified();
        sts.Identity = new CallerIdentity("111111111111", "arn:aws:sts::111111111111:assumed-role/r/s");
        var reconciler = Reconciler();
        await reconciler.ReconcileAsync(ObjectKey.Of(account), CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(1));
        await reconciler.ReconcileAsync(ObjectKey.Of(account), CancellationToken.None);
        Assert.Equal(1, accounts.StatusWrites);

        time.Advance(settings.SyncTimeRefresh);
        await reconciler.ReconcileAsync(ObjectKey.Of(account), CancellationToken.None);
        Assert.Equal(2, accounts.StatusWrites);
    }

    private sealed class ScriptedSts : IRoleAssumer
    {
        public CallerIdentity Identity { get; set; } = new("111111111111", "arn");

        public AwsOperationException? Failure { get; set; }

        public List<AssumeRoleInput> Inputs { get; } = [];

        public Task<TemporaryCredentials> AssumeRoleAsync(AssumeRoleInput input, CancellationToken cancellationToken)
        {
            Inputs.Add(input);
            return Failure is null
                ? Task.FromResult(new TemporaryCredentials("ASIA", "s", "t", DateTimeOffset.MaxValue))
                : throw Failure;
        }

        public Task<CallerIdentity> GetCallerIdentityAsync(AwsAccountAccess account, TemporaryCredentials credentials, CancellationToken cancellationToken) =>
            Task.FromResult(Identity);
    }
}
