using System.Globalization;

namespace CrossAccountStreams.Bench.Measurement;

/// <summary>
/// Memory and CPU of a process from <c>/proc/PID/status</c> (VmRSS, VmHWM: the peak resident set) and
/// <c>/proc/PID/stat</c> (utime + stime, in clock ticks of 1/100 s, the USER_HZ of Linux).
/// </summary>
public sealed record ProcessSample(long RssKiB, long PeakRssKiB, TimeSpan Cpu)
{
    private const double TicksPerSecond = 100;

    public static ProcessSample? Read(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return new ProcessSample(StatusKiB(status, "VmRSS:"), StatusKiB(status, "VmHWM:"), CpuOf(stat));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count after its ')'.</summary>
    internal static TimeSpan CpuOf(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static long StatusKiB(string[] lines, string key)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
