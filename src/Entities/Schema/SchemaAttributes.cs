namespace CrossAccountStreams.Entities.Schema;

/// <summary>
/// A CEL rule placed in the CRD as an <c>x-kubernetes-validations</c> entry on the annotated type or property.
/// The API server evaluates it on every write, so kubectl and GitOps tools reject bad input before the operator sees it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;

    /// <summary>The field the error is reported on (a JSON path relative to the annotated node), e.g. <c>.streamArn</c>.</summary>
    public string? FieldPath { get; init; }

    /// <summary>The machine-readable reason, e.g. <c>FieldValueForbidden</c>.</summary>
    public string? Reason { get; init; }
}

/// <summary>An <c>additionalPrinterColumns</c> entry of the CRD, shown by <c>kubectl get</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class PrinterColumnAttribute(string name, string type, string jsonPath) : Attribute
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public string JsonPath { get; } = jsonPath;

    public string? Description { get; init; }

    public string? Format { get; init; }

    /// <summary>Columns with priority above zero show only with <c>kubectl get -o wide</c>.</summary>
    public int Priority { get; init; }
}

/// <summary>Short names and categories of the resource (<c>kubectl get ssub</c>, <c>kubectl get aws</c>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ResourceNamesAttribute : Attribute
{
    public string[] ShortNames { get; init; } = [];

    public string[] Categories { get; init; } = [];
}

/// <summary>Marks a list as <c>x-kubernetes-list-type: map</c> keyed by the given fields.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListMapAttribute(params string[] keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys;
}

/// <summary>The number of properties a map may hold (<c>maxProperties</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxPropertiesAttribute(int max) : Attribute
{
    public int Max { get; } = max;
}

/// <summary>Constraints on each value (and key) of a string map, rendered under <c>additionalProperties</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MapValueAttribute : Attribute
{
    public int MaxLength { get; init; } = -1;

    public string? Pattern { get; init; }
}

/// <summary>Constraints on each string item of a list, rendered under <c>items</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemsAttribute : Attribute
{
    public int MaxLength { get; init; } = -1;

    public int MinLength { get; init; } = -1;

    public string? Pattern { get; init; }

    public string[] Enum { get; init; } = [];
}

/// <summary>Marks the status as served through the <c>/status</c> subresource.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StatusSubresourceAttribute : Attribute;

/// <summary>
/// Makes the resource cluster-scoped (<c>scope: Cluster</c>); resources without it are namespaced.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ClusterScopedAttribute : Attribute;

/// <summary>
/// Marks a list of scalars as <c>x-kubernetes-list-type: set</c>: the API server rejects duplicate items and
/// server-side apply merges the list item by item instead of replacing it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListSetAttribute : Attribute;
