using LocalAws.Tests.Support;

namespace LocalAws.Tests.Admin;

public sealed class SeedFileTests
{
    private static string ShippedSeed => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seeds", "default-world.json"));

    [Fact]
    public void The_shipped_seed_file_describes_exactly_the_default_world()
    {
        Assert.Equal(DefaultWorld.Create().ToJson().ReplaceLineEndings(), ShippedSeed.TrimEnd().ReplaceLineEndings());
    }

    [Fact]
    public async Task A_server_started_from_the_seed_file_serves_the_default_world()
    {
        await using var server = await Servers.StartAsync(o => o.Seed = WorldSeed.FromJson(ShippedSeed));

        var session = await AwsClients.TargetAsync(server);
        using var lambda = new LambdaTestClient(server, session);
        var function = await lambda.GetFunctionConfigurationAsync(DefaultWorld.AnalyticsIngestFunctionName);

        Assert.Equal(DefaultWorld.AnalyticsIngestExecutionRoleArn, function.Body["Role"]!.GetValue<string>());
        Assert.NotNull(server.World.LatestStreamArn(DefaultWorld.SecondSourceAccountId, DefaultWorld.PaymentsTableName));
    }

    [Fact]
    public async Task A_key_for_a_principal_that_is_not_seeded_is_refused_with_a_clear_message()
    {
        var seed = new WorldSeed
        {
            Accounts = [new AccountSeed { Id = "666666666666", AccessKeys = [new AccessKeySeed { AccessKeyId = "AKIAX", SecretAccessKey = "s", Principal = "arn:aws:iam::666666666666:role/missing" }] }],
        };

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => LocalAwsServer.StartAsync(new LocalAwsOptions { Seed = seed }));

        Assert.Contains("arn:aws:iam::666666666666:role/missing", error.Message, StringComparison.Ordinal);
    }
}
