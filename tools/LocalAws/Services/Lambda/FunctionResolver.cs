using LocalAws.Iam;
using LocalAws.Protocols;

namespace LocalAws.Services.Lambda;

/// <summary>A function reference resolved in the caller's account: the function and the qualifier used, if any.</summary>
public sealed record ResolvedFunction(LambdaFunction Function, string? Qualifier)
{
    /// <summary>The ARN the reference names: qualified when a qualifier was given.</summary>
    public string Arn => Qualifier is null ? Function.Arn : $"{Function.Arn}:{Qualifier}";

    public string Version => Qualifier is null or "$LATEST" ? "$LATEST" : Function.Aliases.GetValueOrDefault(Qualifier, Qualifier);
}

/// <summary>Resolves Lambda's function name forms: name, name:qualifier, partial ARN and full ARN.</summary>
public static class FunctionResolver
{
    public static ResolvedFunction Resolve(AwsWorld world, string accountId, string reference, string? qualifier = null)
    {
        var name = reference;
        var account = accountId;
        string? inlineQualifier = null;
        if (reference.StartsWith("arn:", StringComparison.Ordinal))
        {
            var arn = Arn.TryParse(reference);
            var resource = arn?.Resource.Split(':') ?? [];
            if (arn is null || arn.Service != "lambda" || resource.Length < 2 || resource[0] != "function")
            {
                throw Invalid(reference);
            }
            account = arn.Account;
            name = resource[1];
            inlineQualifier = resource.Length > 2 ? resource[2] : null;
        }
        else
        {
            var parts = reference.Split(':');
            if (parts.Length >= 3 && parts[1] == "function")
            {
                account = parts[0];
                name = parts[2];
                inlineQualifier = parts.Length > 3 ? parts[3] : null;
            }
            else if (parts.Length == 2)
            {
                name = parts[0];
                inlineQualifier = parts[1];
            }
        }
        var effectiveQualifier = qualifier ?? inlineQualifier;
        var notFoundArn = $"arn:aws:lambda:{world.Region}:{account}:function:{name}" + (effectiveQualifier is null ? string.Empty : ":" + effectiveQualifier);
        if (account != accountId)
        {
            throw NotFound(notFoundArn);
        }
        var function = world.FindAccount(account)?.Functions.GetValueOrDefault(name) ?? throw NotFound(notFoundArn);
        if (effectiveQualifier is not null && effectiveQualifier != "$LATEST" && !function.Aliases.ContainsKey(effectiveQualifier))
        {
            throw NotFound(notFoundArn);
        }
        return new ResolvedFunction(function, effectiveQualifier);
    }

    private static AwsErrorException NotFound(string arn) =>
        new(ServiceErrors.Lambda("ResourceNotFoundException", $"Function not found: {arn}", 404));

    private static AwsErrorException Invalid(string reference) =>
        new(ServiceErrors.Lambda("InvalidParameterValueException", $"1 validation error detected: Value '{reference}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern", 400));
}
