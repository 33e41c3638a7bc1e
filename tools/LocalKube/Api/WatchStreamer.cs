using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LocalKube.Json;
using LocalKube.Resources;
using LocalKube.Selectors;
using LocalKube.Storage;
using LocalKube.Tables;

namespace LocalKube.Api;

/// <summary>The parameters of one watch request.</summary>
public sealed record WatchRequest(
    ResourceType Type,
    string? Namespace,
    LabelSelector Labels,
    FieldSelector Fields,
    string? ResourceVersion,
    string? ResourceVersionMatch,
    bool SendInitialEvents,
    bool AllowBookmarks,
    TimeSpan Timeout,
    string? TableIncludeObject = null);

/// <summary>
/// Streams watch events as newline-delimited JSON, flushed one by one: the initial state or the retained changes
/// since a resourceVersion, then live changes, with bookmarks, until the timeout, a drop, or the client leaving.
/// </summary>
public sealed class WatchStreamer(ObjectStore store, TimeProvider time, TimeSpan bookmarkInterval)
{
    public static void ValidateRequest(WatchRequest request)
    {
        if (request.SendInitialEvents && request.ResourceVersionMatch != "NotOlderThan")
        {
            throw new ApiException(422, "Invalid",
                "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
        }

        if (request.SendInitialEvents && !request.AllowBookmarks)
        {
            throw new ApiException(422, "Invalid",
                "ListOptions.meta.k8s.io \"\" is invalid: allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true");
        }
    }

    public async Task StreamAsync(HttpResponse response, WatchRequest request, CancellationToken cancellationToken)
    {
        ValidateRequest(request);
        long? from = null;
        if (!request.SendInitialEvents && request.ResourceVersion is { Length: > 0 } rv && rv != "0")
        {
            from = long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw ApiException.BadRequest($"invalid resource version: {rv}");
        }

        response.StatusCode = 200;
        response.ContentType = "application/json";
        WatchSubscription subscription;
        IReadOnlyList<JsonObject> initial;
        IReadOnlyList<StoredEvent> replay;
        long startRevision;
        try
        {
            (subscription, initial, replay, startRevision) = store.Watch(request.Type.StorageKey, request.Namespace, from);
        }
        catch (HistoryCompactedException e)
        {
            var status = StatusBodies.Failure(410, "Expired", e.Message, null);
            await WriteAsync(response, "ERROR", status, cancellationToken);
            return;
        }

        using (subscription)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, subscription.Dropped);
            var token = linked.Token;
            try
            {
                // Send the headers now: clients block in their watch call until they arrive.
                await response.StartAsync(token);
                await response.Body.FlushAsync(token);
                foreach (var obj in initial.Where(o => request.Labels.Matches(o) && request.Fields.Matches(o)))
                {
                    await WriteAsync(response, "ADDED", Render(request, obj), token);
                }

                if (request.SendInitialEvents)
                {
                    var bookmark = Bookmark(request.Type, startRevision);
                    bookmark["metadata"]!["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
                    await WriteAsync(response, "BOOKMARK", bookmark, token);
                }

                foreach (var e in replay)
                {
                    await SendAsync(response, request, e, token);
                }

                await FollowAsync(response, request, subscription, startRevision, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Client gone or watch dropped: the stream just ends.
            }
            catch (IOException)
            {
                // The connection broke while writing: nobody is left to tell.
            }
        }
    }

    private async Task FollowAsync(HttpResponse response, WatchRequest request, WatchSubscription subscription, long lastRevision, CancellationToken token)
    {
        var deadline = time.GetUtcNow() + request.Timeout;
        var reader = subscription.Events;
        while (true)
        {
            while (reader.TryRead(out var e))
            {
                await SendAsync(response, request, e, token);
                lastRevision = e.ResourceVersion;
            }

            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            var wait = request.AllowBookmarks && bookmarkInterval < remaining ? bookmarkInterval : remaining;
            using var waitTimeout = new CancellationTokenSource(wait, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, waitTimeout.Token);
            try
            {
                await reader.WaitToReadAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                if (request.AllowBookmarks && time.GetUtcNow() < deadline)
                {
                    // Under the store lock nothing can be in flight: an empty queue means every change is sent.
                    var revision = store.Transact(tx => reader.Count == 0 ? tx.Revision : lastRevision);
                    await WriteAsync(response, "BOOKMARK", Bookmark(request.Type, revision), token);
                }
            }
        }
    }

    private async Task SendAsync(HttpResponse response, WatchRequest request, StoredEvent e, CancellationToken token)
    {
        var current = e.Object();
        var previous = e.Previous();
        bool Matches(JsonObject? o) => o is not null && request.Labels.Matches(o) && request.Fields.Matches(o);
        var type = e.Type switch
        {
            "ADDED" => Matches(current) ? "ADDED" : null,
            "MODIFIED" => (Matches(previous), Matches(current)) switch
            {
                (true, true) => "MODIFIED",
                (false, true) => "ADDED",
                (true, false) => "DELETED",
                _ => null,
            },
            _ => Matches(current) ? "DELETED" : null,
        };
        if (type is not null)
        {
            await WriteAsync(response, type, Render(request, current), token);
        }
    }

    /// <summary>The event object: the object in the watched version, or a one-row Table when the client asked for tables.</summary>
    private JsonObject Render(WatchRequest request, JsonObject stored)
    {
        var obj = ResourceOperations.Present(request.Type, stored);
        return request.TableIncludeObject is { } include
            ? TableConverter.Convert(request.Type, [obj], obj["metadata"]!["resourceVersion"]!.GetValue<string>(), time.GetUtcNow(), include)
            : obj;
    }

    private static JsonObject Bookmark(ResourceType type, long revision) => new()
    {
        ["kind"] = type.Kind,
        ["apiVersion"] = type.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
    };

    private static async Task WriteAsync(HttpResponse response, string type, JsonObject obj, CancellationToken token)
    {
        var line = JsonText.Write(new JsonObject { ["type"] = type, ["object"] = obj }) + "\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), token);
        await response.Body.FlushAsync(token);
    }
}
