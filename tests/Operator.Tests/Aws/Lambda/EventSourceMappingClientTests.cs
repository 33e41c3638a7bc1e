using System.Net;
using System.Text.Json.Nodes;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Lambda;

namespace CrossAccountStreams.Operator.Tests.Aws.Lambda;

public sealed class EventSourceMappingClientTests
{
    private const string Stream = "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000";
    private const string Uuid = "6c1f3a0e-4a1b-4f7a-9c55-0d1e2f3a4b5c";

    private const string MappingJson =
        """{"UUID":"6c1f3a0e-4a1b-4f7a-9c55-0d1e2f3a4b5c","BatchSize":100,"EventSourceArn":"arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000","FunctionArn":"arn:aws:lambda:eu-west-1:222222222222:function:order-processor","LastModified":1.7641584E9,"LastProcessingResult":"No records processed","State":"Creating","StateTransitionReason":"USER_INITIATED","StartingPosition":"LATEST","MaximumRetryAttempts":-1,"DestinationConfig":{"OnFailure":{}},"EventSourceMappingArn":"arn:aws:lambda:eu-west-1:222222222222:event-source-mapping:6c1f3a0e-4a1b-4f7a-9c55-0d1e2f3a4b5c","FilterCriteria":{"Filters":[{"Pattern":"{\"eventName\":[\"INSERT\"]}"}]}}""";

    [Fact]
    public async Task Create_posts_the_documented_body_with_PascalCase_names_and_reads_the_configuration()
    {
        var kit = new LambdaTestKit();
        kit.Handler.Then(HttpStatusCode.Accepted, MappingJson);

        var created = await kit.Mappings.CreateAsync(LambdaTestKit.Scope, new CreateEventSourceMappingRequest
        {
            EventSourceArn = Stream,
            FunctionName = "order-processor",
            StartingPosition = "LATEST",
            BatchSize = 100,
            FilterCriteria = new FilterCriteria([new Filter("""{"eventName":["INSERT"]}""")]),
            DestinationConfig = new DestinationConfig(new OnFailure("arn:aws:sqs:eu-west-1:222222222222:dlq")),
            KmsKeyArn = "arn:aws:kms:eu-west-1:222222222222:key/k",
            Tags = new Dictionary<string, string> { ["team"] = "orders" },
        }, CancellationToken.None);

        var (request, body, _) = Assert.Single(kit.Handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:4566/2015-03-31/event-source-mappings/", request.RequestUri!.ToString());
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        var json = JsonNode.Parse(body!)!.AsObject();
        Assert.Equal(
            ["EventSourceArn", "FunctionName", "BatchSize", "FilterCriteria", "StartingPosition", "DestinationConfig", "Tags", "KMSKeyArn"],
            json.Select(p => p.Key));
        Assert.Equal("arn:aws:sqs:eu-west-1:222222222222:dlq", json["DestinationConfig"]!["OnFailure"]!["Destination"]!.GetValue<string>());
        Assert.Equal(Uuid, created.Uuid);
        Assert.Equal("Creating", created.State);
        Assert.Equal("""{"eventName":["INSERT"]}""", created.FilterCriteria!.Filters![0].Pattern);
        Assert.Null(created.DestinationConfig!.OnFailure!.Destination);
    }

    [Fact]
    public async Task Requests_are_signed_for_lambda_in_the_accounts_Region_with_the_session_token()
    {
        var kit = new LambdaTestKit();
        kit.Handler.Then(HttpStatusCode.OK, MappingJson);

        await kit.Mappings.GetAsync(LambdaTestKit.Scope, Uuid, CancellationToken.None);

        var request = Assert.Single(kit.Handler.Requests).Request;
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIATESTACCESSKEY/20261126/eu-west-1/lambda/aws4_request, SignedHeaders=", authorization, StringComparison.Ordinal);
        Assert.Contains("x-amz-security-token", authorization, StringComparison.Ordinal);
        Assert.Matches("Signature=[0-9a-f]{64}$", authorization);
        Assert.Equal("session-token-value", request.Headers.GetValues("X-Amz-Security-Token").Single());
        Assert.Equal("20261126T123000Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal($"/2015-03-31/event-source-mappings/{Uuid}", request.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Update_puts_only_the_given_fields_to_the_mappings_path()
    {
        var kit = new LambdaTestKit();
        kit.Handler.Then(HttpStatusCode.Accepted, MappingJson);

        await kit.Mappings.UpdateAsync(LambdaTestKit.Scope, Uuid, new UpdateEventSourceMappingRequest { BatchSize = 10, Enabled = false }, CancellationToken.None);

        var (request, body, _) = Assert.Single(kit.Handler.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal($"/2015-03-31/event-source-mappings/{Uuid}", request.RequestUri!.AbsolutePath);
        Assert.Equal("""{"Enabled":false,"BatchSize":10}""", body);
    }

    [Fact]
    public async Task List_follows_NextMarker_and_filters_by_stream_and_function()
    {
        var kit = new LambdaTestKit();
        kit.Handler
            .Then(HttpStatusCode.OK, $$"""{"NextMarker":"page-2","EventSourceMappings":[{{MappingJson}}]}""")
            .Then(HttpStatusCode.OK, $$"""{"EventSourceMappings":[{{MappingJson.Replace("6c1f", "7d2e", StringComparison.Ordinal)}}]}""");

        var mappings = await kit.Mappings.ListAsync(LambdaTestKit.Scope, Stream, "order-processor", CancellationToken.None);

        Assert.Equal(2, mappings.Count);
        var first = kit.Handler.Requests[0].Request.RequestUri!;
        Assert.Equal("/2015-03-31/event-source-mappings/", first.AbsolutePath);
        Assert.Contains("EventSourceArn=arn%3Aaws%3Adynamodb%3Aeu-west-1%3A111111111111%3Atable%2FOrders%2Fstream%2F2026-01-01T00%3A00%3A00.000", first.Query, StringComparison.Ordinal);
        Assert.Contains("FunctionName=order-processor", first.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("Marker=", first.Query.Replace("MaxItems", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Marker=page-2", kit.Handler.Requests[1].Request.RequestUri!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_and_delete_of_a_missing_mapping_return_null()
    {
        var kit = new LambdaTestKit();
        const string notFound = """{"Type":"User","Message":"The resource you requested does not exist."}""";
        kit.Handler.Then(HttpStatusCode.NotFound, notFound, "ResourceNotFoundException").Then(HttpStatusCode.NotFound, notFound, "ResourceNotFoundException");

        Assert.Null(await kit.Mappings.GetAsync(LambdaTestKit.Scope, Uuid, CancellationToken.None));
        Assert.Null(await kit.Mappings.DeleteAsync(LambdaTestKit.Scope, Uuid, CancellationToken.None));
        Assert.Equal(HttpMethod.Delete, kit.Handler.Requests[1].Request.Method);
    }

    [Fact]
    public async Task A_duplicate_mapping_raises_a_conflict_that_names_the_existing_UUID()
    {
        var kit = new LambdaTestKit();
        kit.Handler.Then(HttpStatusCode.Conflict,
            $$"""{"Type":"User","message":"The event source arn (\" {{Stream}} \") and function (\" order-processor \") provided mapping already exists. Please update or delete the existing mapping with UUID {{Uuid}}"}""",
            "ResourceConflictException");

        var conflict = await Assert.ThrowsAsync<ResourceConflictException>(() =>
            kit.Mappings.CreateAsync(LambdaTestKit.Scope, new CreateEventSourceMappingRequest { FunctionName = "order-processor", EventSourceArn = Stream }, CancellationToken.None));

        Assert.Equal(Uuid, conflict.ExistingMappingUuid);
        Assert.Equal(AwsErrorKind.Conflict, conflict.Kind);
        Assert.Single(kit.Handler.Requests);
    }

    [Theory]
    [InlineData("ResourceNotFoundException", HttpStatusCode.NotFound, "Function not found", typeof(ResourceNotFoundException), AwsErrorKind.NotFound)]
    [InlineData("ResourceInUseException", HttpStatusCode.BadRequest, "Cannot update the event source mapping because it is in use.", typeof(ResourceInUseException), AwsErrorKind.ResourceInUse)]
    [InlineData("InvalidParameterValueException", HttpStatusCode.BadRequest, "Unsupported starting position", typeof(InvalidParameterValueException), AwsErrorKind.InvalidInput)]
    [InlineData("InvalidParameterValueException", HttpStatusCode.BadRequest, "Cannot access stream arn:x. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.", typeof(InvalidParameterValueException), AwsErrorKind.AccessDenied)]
    [InlineData("AccessDeniedException", HttpStatusCode.Forbidden, "User is not authorized", typeof(AccessDeniedException), AwsErrorKind.AccessDenied)]
    [InlineData("UnrecognizedClientException", HttpStatusCode.Forbidden, "The security token included in the request is invalid.", typeof(LambdaServiceException), AwsErrorKind.AccessDenied)]
    [InlineData("SomethingNew", HttpStatusCode.BadRequest, "odd", typeof(LambdaServiceException), AwsErrorKind.InvalidInput)]
    public async Task Errors_become_typed_exceptions_from_x_amzn_ErrorType(string errorType, HttpStatusCode status, string message, Type expected, AwsErrorKind kind)
    {
        var kit = new LambdaTestKit();
        kit.Handler.Then(status, $$"""{"Type":"User","Message":"{{message}}"}""", errorType);

        var error = await Assert.ThrowsAnyAsync<LambdaServiceException>(() =>
            kit.Mappings.UpdateAsync(LambdaTestKit.Scope, Uuid, new UpdateEventSourceMappingRequest { BatchSize = 1 }, CancellationToken.None));

        Assert.IsType(expected, error);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(errorType, error.ErrorCode);
        Assert.Equal(message, error.Message);
        Assert.Single(kit.Handler.Requests);
        Assert.Contains(("lambda", "UpdateEventSourceMapping", kind.ToString()), kit.Metrics.Calls);
    }

    [Fact]
    public async Task Throttling_is_retried_no_sooner_than_Lambda_asks()
    {
        var kit = new LambdaTestKit(jitter: 0);
        kit.Handler
            .Then(() =>
            {
                var response = LambdaTestKit.Json((HttpStatusCode)429, """{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded","retryAfterSeconds":"2"}""", "TooManyRequestsException");
                return response;
            })
            .Then(HttpStatusCode.OK, MappingJson);

        var mapping = await kit.RunAsync(() => kit.Mappings.GetAsync(LambdaTestKit.Scope, Uuid, CancellationToken.None));

        Assert.Equal(Uuid, mapping!.Uuid);
        Assert.Equal(2, kit.Handler.Requests.Count);
        var waited = kit.Handler.Requests[1].At - kit.Handler.Requests[0].At;
        Assert.InRange(waited, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        Assert.NotEqual(kit.Handler.Requests[0].Request.Headers.GetValues("X-Amz-Date").Single(), kit.Handler.Requests[1].Request.Headers.GetValues("X-Amz-Date").Single());
    }

    [Fact]
    public async Task Server_errors_are_retried_up_to_the_attempt_limit_then_reported_as_transient()
    {
        var kit = new LambdaTestKit(maxAttempts: 3);
        for (var i = 0; i < 3; i++)
        {
            kit.Handler.Then(HttpStatusCode.InternalServerError, """{"Type":"Service","Message":"Internal error"}""", "ServiceException");
        }

        var error = await Assert.ThrowsAsync<ServiceException>(() => kit.RunAsync(() => kit.Mappings.GetAsync(LambdaTestKit.Scope, Uuid, CancellationToken.None)));

        Assert.Equal(AwsErrorKind.Transient, error.Kind);
        Assert.Equal(3, kit.Handler.Requests.Count);
    }

    [Fact]
    public async Task A_transport_error_is_retried()
    {
        var kit = new LambdaTestKit();
        kit.Handler.Then(() => throw new HttpRequestException("connection reset")).Then(HttpStatusCode.OK, MappingJson);

        var mapping = await kit.RunAsync(() => kit.Mappings.GetAsync(LambdaTestKit.Scope, Uuid, CancellationToken.None));

        Assert.NotNull(mapping);
        Assert.Equal(2, kit.Handler.Requests.Count);
    }

    [Fact]
    public async Task Function_configuration_is_read_with_the_alias_as_qualifier()
    {
        var kit = new LambdaTestKit();
        kit.Handler.Then(HttpStatusCode.OK, """{"FunctionName":"order-processor","FunctionArn":"arn:aws:lambda:eu-west-1:222222222222:function:order-processor:live","Role":"arn:aws:iam::222222222222:role/order-processor-exec","State":"Active","Runtime":"dotnet8"}""");

        var function = await kit.Functions.GetAsync(LambdaTestKit.Scope, "order-processor:live", CancellationToken.None);

        var uri = Assert.Single(kit.Handler.Requests).Request.RequestUri!;
        Assert.Equal("/2015-03-31/functions/order-processor/configuration", uri.AbsolutePath);
        Assert.Equal("?Qualifier=live", uri.Query);
        Assert.Equal("arn:aws:iam::222222222222:role/order-processor-exec", function!.Role);
    }

    [Theory]
    [InlineData("order-processor", "order-processor", null)]
    [InlineData("order-processor:live", "order-processor", "live")]
    [InlineData("222222222222:function:order-processor", "222222222222:function:order-processor", null)]
    [InlineData("222222222222:function:order-processor:7", "222222222222:function:order-processor", "7")]
    [InlineData("arn:aws:lambda:eu-west-1:222222222222:function:order-processor", "arn:aws:lambda:eu-west-1:222222222222:function:order-processor", null)]
    [InlineData("arn:aws:lambda:eu-west-1:222222222222:function:order-processor:$LATEST", "arn:aws:lambda:eu-west-1:222222222222:function:order-processor", "$LATEST")]
    public void A_function_reference_splits_into_name_and_qualifier(string reference, string name, string? qualifier)
    {
        Assert.Equal((name, qualifier), FunctionConfigurationReader.Split(reference));
    }
}
