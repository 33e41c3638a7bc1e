using LocalAws.Protocols;
using LocalAws.Services.Lambda;

namespace LocalAws.Hosting;

/// <summary>Decides which service and operation a request addresses, from its protocol markers.</summary>
public static class RequestClassifier
{
    public const string DynamoDbTargetPrefix = "DynamoDB_20120810.";
    public const string StreamsTargetPrefix = "DynamoDBStreams_20120810.";

    public static (AwsService Service, string Operation)? Classify(HttpRequest request, IReadOnlyList<string> segments,
        IReadOnlyDictionary<string, string> query, IReadOnlyDictionary<string, string> form)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        if (target.StartsWith(DynamoDbTargetPrefix, StringComparison.Ordinal))
        {
            return (AwsService.DynamoDb, target[DynamoDbTargetPrefix.Length..]);
        }
        if (target.StartsWith(StreamsTargetPrefix, StringComparison.Ordinal))
        {
            return (AwsService.DynamoDbStreams, target[StreamsTargetPrefix.Length..]);
        }
        if (segments.Count > 0 && segments[0] is LambdaRoutes.FunctionsVersion or LambdaRoutes.TagsVersion)
        {
            return (AwsService.Lambda, LambdaRoutes.OperationOf(request.Method, segments));
        }
        if (form.TryGetValue("Action", out var action) || query.TryGetValue("Action", out action))
        {
            return (AwsService.Sts, action);
        }
        return null;
    }
}
