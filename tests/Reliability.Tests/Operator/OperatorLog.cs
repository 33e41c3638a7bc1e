namespace CrossAccountStreams.Reliability.Tests.Operator;

/// <summary>One log file for every operator process of a run, in start order, so a failure can be traced across restarts.</summary>
public sealed class OperatorLog(string path) : IDisposable
{
    private readonly StreamWriter writer = new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    private readonly Lock gate = new();
    private bool closed;

    public string Path { get; } = path;

    public void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            // A killed process's last lines may arrive after the run ended.
            if (!closed)
            {
                writer.WriteLine(line);
            }
        }
    }

    /// <summary>The last lines, for a failure message.</summary>
    public string Tail(int lines)
    {
        lock (gate)
        {
            writer.Flush();
        }

        using var reader = new StreamReader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var all = reader.ReadToEnd().Split('\n');
        return string.Join('\n', all.TakeLast(lines));
    }

    public void Dispose()
    {
        lock (gate)
        {
            closed = true;
            writer.Dispose();
        }
    }
}
