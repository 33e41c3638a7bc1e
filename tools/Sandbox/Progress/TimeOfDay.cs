using System.Globalization;

namespace CrossAccountStreams.Sandbox.Progress;

/// <summary>The local time of day that starts each line the sandbox prints.</summary>
public static class TimeOfDay
{
    public static string Format(DateTimeOffset at) => at.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
