using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CrossAccountStreams.TestSupport;
using k8s;
using Microsoft.Extensions.Time.Testing;
using static LocalKube.Tests.LocalKubeFixture;

namespace LocalKube.Tests.Hosting;

public sealed class TimeProviderTests
{
    [Fact]
    public async Task Timestamps_and_ages_follow_the_configured_clock_while_TLS_still_works()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await LocalKubeServer.StartAsync(new LocalKubeOptions
        {
            CrdDirectory = RepoPaths.Combine("config", "crds"),
            TimeProvider = clock,
        });
        using var client = server.CreateClient();
        var created = Node(await client.CustomObjects.CreateNamespacedCustomObjectAsync(Subscription("timed"), CrdGroup, CrdVersion, "default", CrdPlural));
        Assert.Equal("2020-01-01T00:00:00Z", created["metadata"]!["creationTimestamp"]!.GetValue<string>());

        clock.Advance(TimeSpan.FromMinutes(5));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Endpoint, $"apis/{CrdGroup}/{CrdVersion}/namespaces/default/{CrdPlural}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath).AccessToken);
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io");
        using var response = await client.HttpClient.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("5m", table["rows"]![0]!["cells"]!.AsArray().Last()!.GetValue<string>());
    }
}
