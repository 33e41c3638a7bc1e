using System.Globalization;

namespace LocalKube.Schema;

/// <summary>Field paths as apimachinery prints them: <c>spec.items[0].name</c>, <c>spec.labels[key]</c>.</summary>
internal static class SchemaPath
{
    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    public static string Key(string path, string key) => $"{path}[{key}]";
}
