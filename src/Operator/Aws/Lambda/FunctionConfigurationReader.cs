namespace CrossAccountStreams.Operator.Aws.Lambda;

/// <summary><c>GET /2015-03-31/functions/{FunctionName}/configuration</c>, with the alias or version as <c>Qualifier</c>.</summary>
public sealed class FunctionConfigurationReader(LambdaApiClient api) : IFunctionConfigurationReader
{
    public async Task<FunctionConfiguration?> GetAsync(AwsScope scope, string functionName, CancellationToken cancellationToken)
    {
        var (name, qualifier) = Split(functionName);
        try
        {
            return await api.SendAsync(scope,
                LambdaRequest.Get("GetFunctionConfiguration", $"/2015-03-31/functions/{Uri.EscapeDataString(name)}/configuration", new KeyValuePair<string, string>("Qualifier", qualifier ?? "")),
                LambdaJsonContext.Default.FunctionConfiguration, cancellationToken);
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Splits <c>name:qualifier</c> (also inside a full or partial ARN) into the function and its qualifier: the path
    /// names the function, the qualifier goes in the query.
    /// </summary>
    internal static (string Name, string? Qualifier) Split(string functionName)
    {
        var parts = functionName.Split(':');
        return parts.Length switch
        {
            2 => (parts[0], parts[1]),                               // name:alias
            4 when parts[1] == "function" => (string.Join(':', parts[..3]), parts[3]),  // account:function:name:alias
            8 => (string.Join(':', parts[..7]), parts[7]),           // arn:aws:lambda:region:account:function:name:alias
            _ => (functionName, null),
        };
    }
}
