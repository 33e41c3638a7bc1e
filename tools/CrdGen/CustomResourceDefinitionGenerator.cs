using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;
using CrossAccountStreams.Entities.Schema;
using k8s.Models;

namespace CrossAccountStreams.CrdGen;

/// <summary>
/// Generates <c>apiextensions.k8s.io/v1</c> CustomResourceDefinitions from entity classes marked with
/// <see cref="KubernetesEntityAttribute"/>: names, scope, the structural schema, the status subresource and printer columns.
/// </summary>
public sealed class CustomResourceDefinitionGenerator
{
    /// <summary>One CRD per entity type in <paramref name="assembly"/>, ordered by CRD name.</summary>
    public IReadOnlyList<GeneratedCustomResourceDefinition> Generate(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var entities = assembly.GetExportedTypes()
            .Where(t => t.GetCustomAttribute<KubernetesEntityAttribute>() is not null)
            .ToList();
        var duplicate = entities
            .GroupBy(t => (t.GetCustomAttribute<KubernetesEntityAttribute>()!.Group, t.GetCustomAttribute<KubernetesEntityAttribute>()!.Kind))
            .FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            // Several versions of one kind need a storage version and conversion; no entity needs that yet.
            throw new NotSupportedException($"{duplicate.Key.Kind}.{duplicate.Key.Group} is declared by {string.Join(", ", duplicate.Select(t => t.FullName))}; one version per kind is supported");
        }

        return [.. entities.Select(Generate).OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    public GeneratedCustomResourceDefinition Generate(Type entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        var entity = entityType.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{entityType.FullName} has no [KubernetesEntity]", nameof(entityType));
        if (string.IsNullOrEmpty(entity.Group) || string.IsNullOrEmpty(entity.Kind) || string.IsNullOrEmpty(entity.ApiVersion))
        {
            throw new ArgumentException($"{entityType.FullName}: [KubernetesEntity] needs Group, ApiVersion and Kind", nameof(entityType));
        }

        if (entityType.GetCustomAttribute<DescriptionAttribute>() is null)
        {
            throw new ArgumentException($"{entityType.FullName} has no [Description]; it is what kubectl explain shows for the kind", nameof(entityType));
        }

        var plural = string.IsNullOrEmpty(entity.PluralName) ? entity.Kind.ToLowerInvariant() + "s" : entity.PluralName;
        var name = $"{plural}.{entity.Group}";
        var resourceNames = entityType.GetCustomAttribute<ResourceNamesAttribute>();

        var names = new JsonObject
        {
            ["kind"] = entity.Kind,
            ["listKind"] = entity.Kind + "List",
            ["plural"] = plural,
            ["singular"] = entity.Kind.ToLowerInvariant(),
        };
        if (resourceNames is { ShortNames.Length: > 0 })
        {
            names["shortNames"] = StringArray(resourceNames.ShortNames);
        }

        if (resourceNames is { Categories.Length: > 0 })
        {
            names["categories"] = StringArray(resourceNames.Categories);
        }

        var version = new JsonObject
        {
            ["name"] = entity.ApiVersion,
            ["served"] = true,
            ["storage"] = true,
            ["schema"] = new JsonObject { ["openAPIV3Schema"] = new OpenApiSchemaBuilder().ForEntity(entityType) },
        };
        var columns = entityType.GetCustomAttributes<PrinterColumnAttribute>().Select(PrinterColumn).ToList();
        if (columns.Count > 0)
        {
            version["additionalPrinterColumns"] = new JsonArray([.. columns]);
        }

        if (entityType.GetCustomAttribute<StatusSubresourceAttribute>() is not null)
        {
            version["subresources"] = new JsonObject { ["status"] = new JsonObject() };
        }

        var definition = new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["group"] = entity.Group,
                ["names"] = names,
                ["scope"] = entityType.GetCustomAttribute<ClusterScopedAttribute>() is null ? "Namespaced" : "Cluster",
                ["versions"] = new JsonArray(version),
            },
        };

        return new GeneratedCustomResourceDefinition(name, entity.Group, entity.Kind, entityType, definition);
    }

    private static JsonObject PrinterColumn(PrinterColumnAttribute column)
    {
        var node = new JsonObject
        {
            ["name"] = column.Name,
            ["type"] = column.Type,
            ["jsonPath"] = column.JsonPath,
        };
        if (column.Description is not null)
        {
            node["description"] = column.Description;
        }

        if (column.Format is not null)
        {
            node["format"] = column.Format;
        }

        if (column.Priority != 0)
        {
            node["priority"] = column.Priority;
        }

        return node;
    }

    private static JsonArray StringArray(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}

/// <summary>A generated CRD: <see cref="Definition"/> is the whole object, as JSON.</summary>
public sealed record GeneratedCustomResourceDefinition(string Name, string Group, string Kind, Type EntityType, JsonObject Definition)
{
    /// <summary>The file the CRD is written to, named by the usual convention GROUP_PLURAL.yaml.</summary>
    public string FileName => $"{Group}_{Name[..Name.IndexOf('.', StringComparison.Ordinal)]}.yaml";

    public string ToYaml() => CrdYamlWriter.Write(Definition, CrdFolder.GeneratedHeader);
}
