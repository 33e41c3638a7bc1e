using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using LocalAws.Tests.Support;

namespace LocalAws.Tests.Services.Sts;

public sealed class AssumeRoleTests
{
    [Fact]
    public async Task The_operator_assumes_the_source_role_with_the_required_external_id()
    {
        await using var server = await Servers.StartAsync();
        using var sts = AwsClients.Sts(server, AwsClients.Operator());

        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = DefaultWorld.SourceRoleArn,
            RoleSessionName = "reconcile-orders",
            ExternalId = DefaultWorld.SourceExternalId,
            Tags = [new Tag { Key = "namespace", Value = "team-a" }],
        });

        Assert.Equal("arn:aws:sts::111111111111:assumed-role/stream-subscription-source/reconcile-orders", response.AssumedRoleUser.Arn);
        Assert.StartsWith("ASIA", response.Credentials.AccessKeyId, StringComparison.Ordinal);
        var expiresIn = response.Credentials.Expiration!.Value.ToUniversalTime() - DateTime.UtcNow;
        Assert.InRange(expiresIn, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(61));
        using var asSession = AwsClients.Sts(server, new SessionAWSCredentials(
            response.Credentials.AccessKeyId, response.Credentials.SecretAccessKey, response.Credentials.SessionToken));
        var identity = await asSession.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(DefaultWorld.SourceAccountId, identity.Account);
        Assert.Equal(response.AssumedRoleUser.Arn, identity.Arn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-external-id")]
    public async Task AssumeRole_is_denied_without_the_external_id_the_trust_policy_requires(string? externalId)
    {
        await using var server = await Servers.StartAsync();
        using var sts = AwsClients.Sts(server, AwsClients.Operator());

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = DefaultWorld.SourceRoleArn,
            RoleSessionName = "reconcile",
            ExternalId = externalId,
        }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal($"User: {DefaultWorld.OperatorSessionArn} is not authorized to perform: sts:AssumeRole on resource: {DefaultWorld.SourceRoleArn}", error.Message);
    }

    [Fact]
    public async Task A_principal_the_trust_policy_does_not_name_cannot_assume_the_role()
    {
        await using var server = await Servers.StartAsync();
        using var sts = AwsClients.Sts(server, AwsClients.Root(DefaultWorld.TargetAccountId));

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = DefaultWorld.SourceRoleArn,
            RoleSessionName = "intruder",
            ExternalId = DefaultWorld.SourceExternalId,
        }));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Theory]
    [InlineData(899, "greater than or equal to 900")]
    [InlineData(7200, "exceeds the 1 hour session limit for roles assumed by role chaining")]
    public async Task DurationSeconds_outside_what_the_role_allows_is_a_validation_error(int seconds, string expected)
    {
        await using var server = await Servers.StartAsync();
        using var sts = AwsClients.Sts(server, AwsClients.Operator());

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = DefaultWorld.SourceRoleArn,
            RoleSessionName = "long",
            ExternalId = DefaultWorld.SourceExternalId,
            DurationSeconds = seconds,
        }));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_tags_need_sts_TagSession_in_the_trust_policy()
    {
        var seed = DefaultWorld.Create();
        var source = seed.Accounts.Single(a => a.Id == DefaultWorld.SourceAccountId);
        var role = source.Roles.Single(r => r.Name == "stream-subscription-source");
        source.Roles[source.Roles.IndexOf(role)] = role with
        {
            TrustPolicy = new System.Text.Json.Nodes.JsonObject
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                {
                    ["Effect"] = "Allow",
                    ["Principal"] = new System.Text.Json.Nodes.JsonObject { ["AWS"] = DefaultWorld.OperatorRoleArn },
                    ["Action"] = "sts:AssumeRole",
                    ["Condition"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["StringEquals"] = new System.Text.Json.Nodes.JsonObject { ["sts:ExternalId"] = DefaultWorld.SourceExternalId },
                    },
                }),
            },
        };
        await using var server = await Servers.StartAsync(o => o.Seed = seed);
        using var sts = AwsClients.Sts(server, AwsClients.Operator());
        var request = new AssumeRoleRequest { RoleArn = DefaultWorld.SourceRoleArn, RoleSessionName = "tagged", ExternalId = DefaultWorld.SourceExternalId };

        var untagged = await sts.AssumeRoleAsync(request);
        request.Tags = [new Tag { Key = "namespace", Value = "team-a" }];
        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(request));

        Assert.NotNull(untagged.Credentials);
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Contains("sts:TagSession", error.Message, StringComparison.Ordinal);
    }
}
