using CrossAccountStreams.Sandbox.Progress;

namespace CrossAccountStreams.Sandbox.Tests.Progress;

public sealed class SubscriptionTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static ObjectSnapshot Row(string ns, string name, string ready, string? mapping) =>
        new($"{ns}/{name}", [new ConditionSnapshot("Ready", ready, "Synced", null)])
        {
            Namespace = ns,
            Name = name,
            Source = "111111111111/Orders",
            Function = "order-processor",
            MappingState = mapping,
            Created = Now.AddSeconds(-75),
        };

    [Fact]
    public void Rows_are_sorted_by_namespace_and_name_under_kubectl_style_headers()
    {
        var lines = SubscriptionTable.Render([Row("orders", "b", "True", "Enabled"), Row("analytics", "a", "False", null)], Now).TrimEnd('\n').Split('\n');

        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^NAMESPACE\s+NAME\s+READY\s+SOURCE\s+FUNCTION\s+MAPPING\s+AGE$", lines[0]);
        Assert.Matches(@"^analytics\s+a\s+False\s+111111111111/Orders\s+order-processor\s+75s$", lines[1]);
        Assert.Matches(@"^orders\s+b\s+True\s+111111111111/Orders\s+order-processor\s+Enabled\s+75s$", lines[2]);
        Assert.Equal(lines[0].IndexOf("READY", StringComparison.Ordinal), lines[2].IndexOf("True", StringComparison.Ordinal));
    }

    [Fact]
    public void The_fingerprint_ignores_age_but_not_state()
    {
        var before = SubscriptionTable.Fingerprint([Row("orders", "b", "True", "Enabled")]);

        Assert.Equal(before, SubscriptionTable.Fingerprint([Row("orders", "b", "True", "Enabled") with { Created = Now.AddHours(-1) }]));
        Assert.NotEqual(before, SubscriptionTable.Fingerprint([Row("orders", "b", "True", "Updating")]));
    }

    [Theory]
    [InlineData(45, "45s")]
    [InlineData(119, "119s")]
    [InlineData(192, "3m12s")]
    [InlineData(720, "12m")]
    [InlineData(7500, "125m")]
    [InlineData(4 * 3600 + 300, "4h5m")]
    [InlineData(20 * 3600 + 300, "20h")]
    [InlineData(3 * 86400 + 4 * 3600, "3d4h")]
    [InlineData(30 * 86400, "30d")]
    public void Ages_read_as_kubectl_prints_them(int seconds, string expected)
    {
        Assert.Equal(expected, SubscriptionTable.FormatAge(TimeSpan.FromSeconds(seconds)));
    }
}
