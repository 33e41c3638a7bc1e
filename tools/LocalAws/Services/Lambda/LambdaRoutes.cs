namespace LocalAws.Services.Lambda;

/// <summary>Maps Lambda REST paths (/2015-03-31/..., /2017-03-31/tags/...) to operation names.</summary>
public static class LambdaRoutes
{
    public const string FunctionsVersion = "2015-03-31";
    public const string TagsVersion = "2017-03-31";

    public static string OperationOf(string method, IReadOnlyList<string> segments)
    {
        if (segments.Count >= 2 && segments[0] == TagsVersion && segments[1] == "tags")
        {
            return method switch
            {
                "GET" => "ListTags",
                "POST" => "TagResource",
                "DELETE" => "UntagResource",
                _ => "Unknown",
            };
        }
        if (segments.Count < 2 || segments[0] != FunctionsVersion)
        {
            return "Unknown";
        }
        return (segments[1], segments.Count, method) switch
        {
            ("event-source-mappings", 2, "POST") => "CreateEventSourceMapping",
            ("event-source-mappings", 2, "GET") => "ListEventSourceMappings",
            ("event-source-mappings", 3, "GET") => "GetEventSourceMapping",
            ("event-source-mappings", 3, "PUT") => "UpdateEventSourceMapping",
            ("event-source-mappings", 3, "DELETE") => "DeleteEventSourceMapping",
            ("functions", 2, "POST") => "CreateFunction",
            ("functions", 2, "GET") => "ListFunctions",
            ("functions", 3, "GET") => "GetFunction",
            ("functions", 3, "DELETE") => "DeleteFunction",
            ("functions", 4, "GET") when segments[3] == "configuration" => "GetFunctionConfiguration",
            _ => "Unknown",
        };
    }
}
