using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalKube.Json;
using LocalKube.Patching;
using LocalKube.Resources;
using LocalKube.Schema;
using LocalKube.Selectors;
using LocalKube.Storage;

namespace LocalKube.Api;

/// <summary>
/// The object rules of kube-apiserver's generic registry: create, read, update, status update, patch and delete,
/// with resourceVersion, generation, finalizer, namespace and schema semantics. Each write runs as one store
/// transaction, so a request either applies whole or not at all.
/// </summary>
public sealed class ResourceOperations(ObjectStore store, ResourceRegistry registry, TimeProvider time)
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public JsonObject Get(ResourceType type, string? ns, string name) =>
        store.Transact(tx => tx.Get(type.StorageKey, ns, name)) is { } stored
            ? Present(type, stored)
            : throw ApiException.NotFound(type.Group, type.Plural, name);

    public (IReadOnlyList<JsonObject> Items, long Revision) List(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields) =>
        store.Transact(tx => (
            (IReadOnlyList<JsonObject>)[.. tx.List(type.StorageKey, ns).Where(o => labels.Matches(o) && fields.Matches(o)).Select(o => Present(type, o))],
            tx.Revision));

    public JsonObject ListBody(ResourceType type, IReadOnlyList<JsonObject> items, long revision) => new()
    {
        ["kind"] = type.ListKind,
        ["apiVersion"] = type.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
        ["items"] = new JsonArray([.. items]),
    };

    /// <summary>Turns a stored object into the requested version's form.</summary>
    public static JsonObject Present(ResourceType type, JsonObject stored)
    {
        var wire = type.Conversion?.FromStorage(stored) ?? stored;
        wire["apiVersion"] = type.ApiVersion;
        wire["kind"] = type.Kind;
        return wire;
    }

    public ApiResult Create(ResourceType type, string? ns, JsonObject body, WriteOptions options)
    {
        var warnings = new List<string>();
        var obj = Normalize(type, ns, body, nameFromUrl: null);
        var metadata = (JsonObject)obj["metadata"]!;
        if (metadata["name"] is null)
        {
            if (metadata["generateName"]?.GetValue<string>() is { Length: > 0 } prefix)
            {
                metadata["name"] = prefix + string.Concat(Enumerable.Range(0, 5).Select(_ => GenerateNameAlphabet[Random.Shared.Next(GenerateNameAlphabet.Length)]));
            }
            else
            {
                throw ApiException.Invalid(type.Group, type.Kind, "", [FieldError.Required("metadata.name", "name or generateName is required")]);
            }
        }

        var name = metadata["name"]!.GetValue<string>();
        var nameErrors = ObjectMetadata.ValidateName(name, labelOnly: type == BuiltinResources.Namespaces).ToList();
        if (nameErrors.Count > 0)
        {
            throw ApiException.Invalid(type.Group, type.Kind, name, nameErrors);
        }

        if (metadata["resourceVersion"]?.GetValue<string>() is { Length: > 0 })
        {
            // etcd3's storage.ErrResourceVersionSetOnCreate surfaces as an internal error.
            throw new ApiException(500, "InternalError", "Internal error occurred: resourceVersion should not be set on objects to be created");
        }

        foreach (var key in new[] { "resourceVersion", "uid", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink", "generation" })
        {
            metadata.Remove(key);
        }

        var now = Now();
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = now;
        if (type.TracksGeneration)
        {
            metadata["generation"] = 1;
        }

        if (type.HasStatus && type != BuiltinResources.Namespaces)
        {
            obj.Remove("status");
        }

        if (type == BuiltinResources.Namespaces)
        {
            PrepareNamespace(obj, name);
        }

        BuiltinDefaults.Apply(type, obj);
        ApplySchema(type, obj, null, options, warnings, name);
        Check(type, obj, ns, name);
        IReadOnlyList<ResourceType> crdTypes = [];
        if (type == BuiltinResources.CustomResourceDefinitions)
        {
            crdTypes = CustomResourceDefinitions.ToResourceTypes(obj);
            obj["status"] = CustomResourceDefinitions.AcceptedStatus(obj, now);
        }

        var created = store.Transact(tx =>
        {
            if (type.Namespaced)
            {
                RequireActiveNamespace(tx, ns!, type, name);
            }

            if (tx.Get(type.StorageKey, ns, name) is not null)
            {
                throw ApiException.AlreadyExists(type.Group, type.Plural, name);
            }

            var stored = tx.Put(type.StorageKey, ToStorage(type, obj));
            if (crdTypes.Count > 0 && !tx.IsDryRun)
            {
                registry.Add(crdTypes);
            }

            return stored;
        }, options.DryRun);
        return new ApiResult(201, Present(type, created), warnings);
    }

    public ApiResult Update(ResourceType type, string? ns, string name, JsonObject body, WriteOptions options, bool status)
    {
        var warnings = new List<string>();
        var incoming = Normalize(type, ns, body, name);
        var requestedVersion = incoming["metadata"]?["resourceVersion"]?.GetValue<string>();
        if (!status && requestedVersion is null && !type.AllowUnconditionalUpdate)
        {
            throw ApiException.Invalid(type.Group, type.Kind, name,
                [FieldError.Invalid("metadata.resourceVersion", JsonValue.Create(0), "must be specified for an update")]);
        }

        var result = store.Transact(tx =>
        {
            var old = Present(type, tx.Get(type.StorageKey, ns, name) ?? throw ApiException.NotFound(type.Group, type.Plural, name));
            if (requestedVersion is not null && requestedVersion != old["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                throw ApiException.Conflict(type.Group, type.Plural, name);
            }

            return status ? CommitStatus(tx, type, old, incoming, options, warnings) : CommitUpdate(tx, type, old, incoming, options, warnings);
        }, options.DryRun);
        return new ApiResult(200, result, warnings);
    }

    public ApiResult Patch(ResourceType type, string? ns, string name, string contentType, string patchText, WriteOptions options, bool status)
    {
        var warnings = new List<string>();
        var patch = ParsePatch(contentType, patchText);
        if (contentType == "application/apply-patch+yaml" && string.IsNullOrEmpty(options.FieldManager))
        {
            throw ApiException.Invalid(type.Group, type.Kind, name, [FieldError.Required("fieldManager", "is required for apply patch")]);
        }

        if (contentType == "application/strategic-merge-patch+json" && type.IsCustom)
        {
            throw new ApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }

        if (contentType == "application/apply-patch+yaml"
            && store.Transact(tx => tx.Get(type.StorageKey, ns, name)) is null)
        {
            if (patch is not JsonObject applied)
            {
                throw ApiException.BadRequest("apply patch must be an object");
            }

            Normalize(type, ns, applied, name);
            return Create(type, ns, applied, options);
        }

        var result = store.Transact(tx =>
        {
            var old = Present(type, tx.Get(type.StorageKey, ns, name) ?? throw ApiException.NotFound(type.Group, type.Plural, name));
            var patched = contentType switch
            {
                "application/json-patch+json" => JsonPatchDocument.Apply(old, patch),
                "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(old, patch),
                _ => JsonMergePatch.Apply(old, patch),
            } as JsonObject ?? throw ApiException.BadRequest("the patch did not produce an object");
            var incoming = Normalize(type, ns, patched, name);
            var requestedVersion = incoming["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (requestedVersion is not null && requestedVersion != old["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                throw ApiException.Conflict(type.Group, type.Plural, name);
            }

            return status ? CommitStatus(tx, type, old, incoming, options, warnings) : CommitUpdate(tx, type, old, incoming, options, warnings);
        }, options.DryRun);
        return new ApiResult(200, result, warnings);
    }

    public ApiResult Delete(ResourceType type, string? ns, string name, JsonObject? deleteOptions, bool dryRun = false) =>
        store.Transact(tx =>
        {
            var stored = tx.Get(type.StorageKey, ns, name) ?? throw ApiException.NotFound(type.Group, type.Plural, name);
            var preconditions = deleteOptions?["preconditions"] as JsonObject;
            if (preconditions?["resourceVersion"]?.GetValue<string>() is { } rv && rv != stored["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                throw ApiException.Conflict(type.Group, type.Plural, name);
            }

            if (preconditions?["uid"]?.GetValue<string>() is { } uid && uid != stored["metadata"]!["uid"]!.GetValue<string>())
            {
                throw ApiException.Conflict(type.Group, type.Plural, name);
            }

            return DeleteInTransaction(tx, type, stored);
        }, dryRun);

    public ApiResult DeleteCollection(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields) =>
        store.Transact(tx =>
        {
            var deleted = new List<JsonObject>();
            foreach (var stored in tx.List(type.StorageKey, ns).Where(o => labels.Matches(o) && fields.Matches(o)))
            {
                DeleteInTransaction(tx, type, stored);
                deleted.Add(Present(type, stored));
            }

            return new ApiResult(200, ListBody(type, deleted, tx.Revision), []);
        });

    private ApiResult DeleteInTransaction(ObjectStore.StoreTransaction tx, ResourceType type, JsonObject stored)
    {
        var metadata = (JsonObject)stored["metadata"]!;
        var ns = metadata["namespace"]?.GetValue<string>();
        var name = metadata["name"]!.GetValue<string>();
        if (type == BuiltinResources.Namespaces)
        {
            return new ApiResult(200, Present(type, DeleteNamespace(tx, stored)), []);
        }

        if (ObjectMetadata.Finalizers(stored).Count > 0)
        {
            if (ObjectMetadata.IsDeleting(stored))
            {
                return new ApiResult(200, Present(type, stored), []);
            }

            metadata["deletionTimestamp"] = Now();
            metadata["deletionGracePeriodSeconds"] = 0;
            if (type.TracksGeneration)
            {
                metadata["generation"] = (metadata["generation"]?.GetValue<long>() ?? 0) + 1;
            }

            return new ApiResult(200, Present(type, tx.Put(type.StorageKey, stored)), []);
        }

        var removed = tx.Remove(type.StorageKey, ns, name)!;
        AfterRemoval(tx, type, removed);
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Plural;
        details["uid"] = metadata["uid"]?.DeepClone();
        return new ApiResult(200, StatusBodies.Success(details), []);
    }

    private JsonObject CommitUpdate(ObjectStore.StoreTransaction tx, ResourceType type, JsonObject old, JsonObject incoming, WriteOptions options, List<string> warnings)
    {
        var name = old["metadata"]!["name"]!.GetValue<string>();
        var updated = (JsonObject)incoming.DeepClone();
        var metadata = (JsonObject)updated["metadata"]!;
        var oldMetadata = (JsonObject)old["metadata"]!;
        foreach (var key in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion" })
        {
            if (oldMetadata[key] is { } value)
            {
                metadata[key] = value.DeepClone();
            }
            else
            {
                metadata.Remove(key);
            }
        }

        metadata.Remove("managedFields");
        if (type.HasStatus)
        {
            if (old["status"] is { } oldStatus)
            {
                updated["status"] = oldStatus.DeepClone();
            }
            else
            {
                updated.Remove("status");
            }
        }

        if (ObjectMetadata.IsDeleting(old))
        {
            var added = ObjectMetadata.Finalizers(updated).Except(ObjectMetadata.Finalizers(old)).ToList();
            if (added.Count > 0)
            {
                throw ApiException.Invalid(type.Group, type.Kind, name,
                    [FieldError.Forbidden("metadata.finalizers", $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(f => JsonSerializer.Serialize(f)))}}}")]);
            }
        }

        BuiltinDefaults.Apply(type, updated);
        ApplySchema(type, updated, old, options, warnings, name);
        Check(type, updated, oldMetadata["namespace"]?.GetValue<string>(), name);
        if (type.TracksGeneration && !JsonNode.DeepEquals(WithoutMetadata(old), WithoutMetadata(updated)))
        {
            metadata["generation"] = (oldMetadata["generation"]?.GetValue<long>() ?? 0) + 1;
        }

        return Commit(tx, type, old, updated);
    }

    private JsonObject CommitStatus(ObjectStore.StoreTransaction tx, ResourceType type, JsonObject old, JsonObject incoming, WriteOptions options, List<string> warnings)
    {
        var name = old["metadata"]!["name"]!.GetValue<string>();
        var updated = (JsonObject)old.DeepClone();
        if (incoming["status"] is { } status)
        {
            updated["status"] = status.DeepClone();
        }
        else
        {
            updated.Remove("status");
        }

        ApplySchema(type, updated, old, options, warnings, name);
        return Commit(tx, type, old, updated);
    }

    private JsonObject Commit(ObjectStore.StoreTransaction tx, ResourceType type, JsonObject old, JsonObject updated)
    {
        // An update that changes nothing keeps the resourceVersion and sends no watch event.
        if (JsonNode.DeepEquals(old, updated))
        {
            return old;
        }

        IReadOnlyList<ResourceType> crdTypes = [];
        if (type == BuiltinResources.CustomResourceDefinitions)
        {
            crdTypes = CustomResourceDefinitions.ToResourceTypes(updated);
        }

        var stored = tx.Put(type.StorageKey, ToStorage(type, updated));
        if (ObjectMetadata.IsDeleting(stored) && ObjectMetadata.Finalizers(stored).Count == 0)
        {
            var removed = tx.Remove(type.StorageKey, stored["metadata"]!["namespace"]?.GetValue<string>(), stored["metadata"]!["name"]!.GetValue<string>())!;
            AfterRemoval(tx, type, removed);
            return Present(type, removed);
        }

        if (crdTypes.Count > 0 && !tx.IsDryRun)
        {
            registry.Add(crdTypes);
        }

        return Present(type, stored);
    }

    private void AfterRemoval(ObjectStore.StoreTransaction tx, ResourceType type, JsonObject removed)
    {
        if (type == BuiltinResources.CustomResourceDefinitions)
        {
            var group = removed["spec"]?["group"]?.GetValue<string>() ?? "";
            var plural = removed["spec"]?["names"]?["plural"]?.GetValue<string>() ?? "";
            var storageKey = $"{group}/{plural}";
            foreach (var obj in tx.List(storageKey, null))
            {
                tx.Remove(storageKey, obj["metadata"]!["namespace"]?.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>());
            }

            if (!tx.IsDryRun)
            {
                registry.Remove(group, plural);
            }
        }

        if (removed["metadata"]?["namespace"]?.GetValue<string>() is { } ns)
        {
            FinishNamespaceIfEmpty(tx, ns);
        }
    }

    private JsonObject DeleteNamespace(ObjectStore.StoreTransaction tx, JsonObject ns)
    {
        var name = ns["metadata"]!["name"]!.GetValue<string>();
        if (!ObjectMetadata.IsDeleting(ns))
        {
            ns["metadata"]!["deletionTimestamp"] = Now();
            ns["metadata"]!["deletionGracePeriodSeconds"] = 0;
            ns["status"] = new JsonObject { ["phase"] = "Terminating" };
            ns = tx.Put(BuiltinResources.Namespaces.StorageKey, ns);
            foreach (var type in registry.All.Where(t => t.Namespaced).DistinctBy(t => t.StorageKey))
            {
                foreach (var obj in tx.List(type.StorageKey, name))
                {
                    DeleteInTransaction(tx, type, obj);
                }
            }
        }

        return FinishNamespaceIfEmpty(tx, name) ?? tx.Get(BuiltinResources.Namespaces.StorageKey, null, name) ?? ns;
    }

    private JsonObject? FinishNamespaceIfEmpty(ObjectStore.StoreTransaction tx, string name)
    {
        var ns = tx.Get(BuiltinResources.Namespaces.StorageKey, null, name);
        if (ns is null || !ObjectMetadata.IsDeleting(ns))
        {
            return null;
        }

        var storage = registry.All.Where(t => t.Namespaced).Select(t => t.StorageKey).Distinct();
        foreach (var key in storage)
        {
            if (tx.List(key, name).Count > 0)
            {
                return null;
            }
        }

        return tx.Remove(BuiltinResources.Namespaces.StorageKey, null, name);
    }

    private static void RequireActiveNamespace(ObjectStore.StoreTransaction tx, string ns, ResourceType type, string name)
    {
        var namespaceObject = tx.Get(BuiltinResources.Namespaces.StorageKey, null, ns) ?? throw ApiException.NotFound("", "namespaces", ns);
        if (ObjectMetadata.IsDeleting(namespaceObject))
        {
            throw ApiException.Forbidden(
                $"{ApiException.Qualified(type.Plural, type.Group)} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                type.Group, type.Plural, name);
        }
    }

    private static void PrepareNamespace(JsonObject obj, string name)
    {
        var labels = obj["metadata"]!["labels"] as JsonObject ?? [];
        labels["kubernetes.io/metadata.name"] = name;
        obj["metadata"]!["labels"] = labels;
        obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
        obj["status"] = new JsonObject { ["phase"] = "Active" };
    }

    private static void ApplySchema(ResourceType type, JsonObject obj, JsonObject? old, WriteOptions options, List<string> warnings, string name)
    {
        if (type.Schema is not { } schema)
        {
            return;
        }

        var unknown = SchemaPruner.Prune(obj, schema);
        if (unknown.Count > 0)
        {
            switch (options.FieldValidation)
            {
                case "Strict":
                    throw ApiException.BadRequest(
                        $"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: "
                        + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
                case "Ignore":
                    break;
                default:
                    warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
                    break;
            }
        }

        SchemaDefaulter.Apply(obj, schema);
        var result = CustomResourceValidation.Validate(obj, schema, type.ValidationRules, old);
        if (result.Errors.Count > 0)
        {
            throw ApiException.Invalid(type.Group, type.Kind, name, result.Errors);
        }

        warnings.AddRange(result.Warnings);
    }

    private static void Check(ResourceType type, JsonObject obj, string? ns, string name)
    {
        var errors = ObjectMetadata.ValidateLabels(obj).Concat(BuiltinValidation.Validate(type, obj, ns)).ToList();
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(type.Group, type.Kind, name, errors);
        }
    }

    /// <summary>Checks kind, apiVersion, namespace and name of a request body against the URL and fills them in.</summary>
    private static JsonObject Normalize(ResourceType type, string? ns, JsonObject body, string? nameFromUrl)
    {
        if (body["apiVersion"] is JsonValue apiVersion && apiVersion.GetValue<string>() != type.ApiVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion.GetValue<string>()}) does not match the expected API version ({type.ApiVersion})");
        }

        if (body["kind"] is JsonValue kind && kind.GetValue<string>() != type.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind.GetValue<string>()}) does not match the expected kind ({type.Kind})");
        }

        body["apiVersion"] = type.ApiVersion;
        body["kind"] = type.Kind;
        if (body["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            body["metadata"] = metadata;
        }

        if (type.Namespaced)
        {
            if (metadata["namespace"] is JsonValue bodyNamespace && bodyNamespace.GetValue<string>().Length > 0 && bodyNamespace.GetValue<string>() != ns)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        if (nameFromUrl is not null)
        {
            if (metadata["name"] is JsonValue bodyName && bodyName.GetValue<string>() != nameFromUrl)
            {
                throw ApiException.BadRequest($"the name of the object ({bodyName.GetValue<string>()}) does not match the name on the URL ({nameFromUrl})");
            }

            metadata["name"] = nameFromUrl;
        }

        return body;
    }

    private static JsonNode? ParsePatch(string contentType, string text)
    {
        try
        {
            return contentType == "application/apply-patch+yaml" ? YamlJson.ParseSingle(text) : JsonNode.Parse(text);
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException)
        {
            throw ApiException.BadRequest($"error decoding patch: {e.Message}");
        }
    }

    private static JsonObject ToStorage(ResourceType type, JsonObject wire) => type.Conversion?.ToStorage(wire) ?? wire;

    private static JsonObject WithoutMetadata(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        return copy;
    }

    private string Now() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
