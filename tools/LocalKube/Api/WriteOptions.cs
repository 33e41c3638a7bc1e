using System.Text.Json.Nodes;

namespace LocalKube.Api;

/// <summary>
/// The query parameters of a write: <c>fieldValidation</c> (Strict, Warn or Ignore), <c>fieldManager</c>, and
/// <c>dryRun=All</c> (validate and answer as if written, but store nothing).
/// </summary>
public sealed record WriteOptions(string FieldValidation, string? FieldManager, bool DryRun = false)
{
    public static WriteOptions Default { get; } = new("Warn", null);
}

/// <summary>A response: status code, body, and any <c>Warning</c> headers.</summary>
public sealed record ApiResult(int StatusCode, JsonObject Body, IReadOnlyList<string> Warnings);
