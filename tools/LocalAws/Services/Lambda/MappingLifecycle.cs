namespace LocalAws.Services.Lambda;

/// <summary>
/// The asynchronous state machine of event source mappings: Creating, Updating, Enabling and Disabling settle into
/// Enabled or Disabled, and Deleting ends with the mapping gone, each once its transition delay has passed on the
/// world's clock. Evaluated lazily (before every read) and by the data-plane loop. Callers hold the world lock.
/// </summary>
public static class MappingLifecycle
{
    public static void Advance(AwsWorld world, DateTimeOffset now)
    {
        for (var i = world.MappingList.Count - 1; i >= 0; i--)
        {
            var mapping = world.MappingList[i];
            if (mapping.TransitionDueAt is not { } due || now < due)
            {
                continue;
            }
            mapping.TransitionDueAt = null;
            if (mapping.State == "Deleting")
            {
                world.MappingList.RemoveAt(i);
                continue;
            }
            mapping.State = mapping.Enabled ? "Enabled" : "Disabled";
        }
    }

    public static bool IsBusy(EventSourceMapping mapping) => mapping.State is "Creating" or "Updating" or "Enabling" or "Disabling" or "Deleting";
}
