namespace CrossAccountStreams.Sandbox.Traffic;

/// <summary>Reads the table out of a DynamoDB stream ARN (<c>arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL</c>).</summary>
public static class StreamArns
{
    public static SourceTable? TableOf(string? streamArn)
    {
        var parts = streamArn?.Split(':', 6);
        if (parts is not { Length: 6 } || parts[2] != "dynamodb")
        {
            return null;
        }

        var resource = parts[5].Split('/');
        return resource.Length >= 2 && resource[0] == "table" ? new SourceTable(parts[4], parts[3], resource[1]) : null;
    }
}
