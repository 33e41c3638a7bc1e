using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon;
using Amazon.Runtime.Signing;
using CrossAccountStreams.Operator.Aws.Credentials;
using CrossAccountStreams.Operator.Aws.Telemetry;

namespace CrossAccountStreams.Operator.Aws.Lambda;

/// <summary>One call to Lambda's REST-JSON API.</summary>
public sealed record LambdaRequest(string Operation, HttpMethod Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Query, byte[]? Body)
{
    public static LambdaRequest Get(string operation, string path, params KeyValuePair<string, string>[] query) =>
        new(operation, HttpMethod.Get, path, query, null);
}

/// <summary>
/// Sends Lambda requests: resolves the endpoint, signs each attempt with SigV4 (service <c>lambda</c>) using the
/// account's assumed-role credentials, retries throttling, 5xx and transport errors with back-off, and turns error
/// responses into typed exceptions from <c>x-amzn-ErrorType</c>.
/// </summary>
public sealed class LambdaApiClient(
    IHttpClientFactory httpClientFactory,
    IAccountCredentialsProvider credentials,
    AwsEndpointResolver endpoints,
    RetryBackoff backoff,
    TimeProvider timeProvider,
    AwsCallTelemetry telemetry)
{
    public const string HttpClientName = "lambda";
    private const string SigningService = "lambda";

    /// <summary>Sends the request and reads the response body as <typeparamref name="TResponse"/> (null for an empty body).</summary>
    public Task<TResponse?> SendAsync<TResponse>(AwsScope scope, LambdaRequest request, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : class =>
        telemetry.ObserveAsync(SigningService, request.Operation, scope.Account.AccountId, async () =>
        {
            using var response = await SendWithRetriesAsync(scope, request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, responseType);
        });

    /// <summary>Sends a request whose response has no body worth reading (e.g. TagResource's 204).</summary>
    public Task SendAsync(AwsScope scope, LambdaRequest request, CancellationToken cancellationToken) =>
        telemetry.ObserveAsync(SigningService, request.Operation, scope.Account.AccountId, async () =>
        {
            using var response = await SendWithRetriesAsync(scope, request, cancellationToken);
            return response.StatusCode;
        });

    public static byte[] Serialize<T>(T body, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(body, type);

    private async Task<HttpResponseMessage> SendWithRetriesAsync(AwsScope scope, LambdaRequest request, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        for (var attempt = 1; ; attempt++)
        {
            LambdaServiceException? retryable;
            Exception? transportError = null;
            try
            {
                // Signed afresh on every attempt: a replayed signature would age past the allowed clock skew.
                using var message = await BuildSignedAsync(scope, request, cancellationToken);
                var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }

                using (response)
                {
                    var error = await ReadErrorAsync(request.Operation, response, cancellationToken);
                    if (error.Kind is not (AwsErrorKind.Throttled or AwsErrorKind.Transient))
                    {
                        throw error;
                    }

                    retryable = error;
                }
            }
            catch (Exception e) when (IsTransportError(e, cancellationToken))
            {
                transportError = e;
                retryable = null;
            }

            var delay = backoff.DelayBeforeRetry(attempt, retryable?.RetryAfter);
            if (delay is null)
            {
                throw retryable ?? new AwsOperationException(
                    SigningService, request.Operation, AwsErrorKind.Transient, transportError!.GetType().Name, transportError.Message, transportError);
            }

            await Task.Delay(delay.Value, timeProvider, cancellationToken);
        }
    }

    private async Task<HttpRequestMessage> BuildSignedAsync(AwsScope scope, LambdaRequest request, CancellationToken cancellationToken)
    {
        var session = await credentials.GetAsync(scope, cancellationToken);
        var uri = BuildUri(endpoints.LambdaEndpoint(scope.Account.Region), request);
        var signingRequest = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = uri, Content = request.Body ?? [] };
        if (request.Body is not null)
        {
            signingRequest.Headers["Content-Type"] = "application/json";
        }

        var signed = AWSSigV4Signer.Sign(signingRequest, new AWSSigV4Parameters
        {
            Credentials = session.ToSdk(),
            Region = RegionEndpoint.GetBySystemName(scope.Account.Region),
            Service = SigningService,
            SignedAt = timeProvider.GetUtcNow().UtcDateTime,
        });

        var message = new HttpRequestMessage(request.Method, uri);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        foreach (var (name, value) in signed.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    internal static Uri BuildUri(Uri endpoint, LambdaRequest request)
    {
        var builder = new UriBuilder(endpoint) { Path = endpoint.AbsolutePath.TrimEnd('/') + request.Path };
        builder.Query = string.Join('&', request.Query
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return builder.Uri;
    }

    private static async Task<LambdaServiceException> ReadErrorAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        LambdaErrorBody? body = null;
        try
        {
            body = text.Length == 0 ? null : JsonSerializer.Deserialize(text, LambdaJsonContext.Default.LambdaErrorBody);
        }
        catch (JsonException)
        {
            // Not JSON (e.g. a proxy's HTML page): the status code alone classifies it.
        }

        // x-amzn-ErrorType reads "Name:http://internal.amazon.com/coral/...": the name is before the first colon.
        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First().Split(':')[0] : null;
        errorType ??= body?.Type is { } type && type is not ("User" or "Service") ? type : null;
        errorType ??= $"Http{(int)response.StatusCode}";

        var message = body?.Message ?? (string.IsNullOrWhiteSpace(text) ? $"{errorType} ({(int)response.StatusCode})" : text);
        return LambdaServiceException.Create(operation, errorType, message, response.StatusCode, RetryAfter(response, body));
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, LambdaErrorBody? body)
    {
        if (double.TryParse(body?.RetryAfterSeconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return response.Headers.RetryAfter?.Delta;
    }

    private static bool IsTransportError(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException
        || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        || (e is IOException);
}
