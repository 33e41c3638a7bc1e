using CrossAccountStreams.Operator.Hosting;

namespace CrossAccountStreams.Operator.Tests.Hosting;

public sealed class DurationFormatTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5s", 1.5)]
    [InlineData("500ms", 0.5)]
    [InlineData("00:10:00", 600)]
    [InlineData("1.00:00:00", 86400)]
    public void Durations_are_read_in_go_style_or_timespan_form(string text, double seconds)
    {
        Assert.True(DurationFormat.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("-5s")]
    [InlineData("5 minutes")]
    [InlineData("5d")]
    public void Anything_else_is_rejected(string text)
    {
        Assert.False(DurationFormat.TryParse(text, out _));
    }
}
