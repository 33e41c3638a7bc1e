using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime.Internal.Auth;
using LocalAws.Protocols;

namespace LocalAws.Auth;

/// <summary>What arrived on the wire, as the verifier needs it.</summary>
public sealed record SignedRequest(
    string Method,
    string RawPath,
    string RawQuery,
    Func<string, IReadOnlyList<string>> HeaderValues,
    byte[] Body);

/// <summary>The result of verifying a request's signature: the access key, or why it was refused.</summary>
public sealed record VerificationResult(AccessKey? Key, AuthFailure? Failure, string? Detail, string? AccessKeyId)
{
    public static VerificationResult Fail(AuthFailure failure, string? detail = null, string? accessKeyId = null) =>
        new(null, failure, detail, accessKeyId);
}

/// <summary>
/// Verifies SigV4 signatures: finds the access key, checks the credential scope, recomputes the signature with
/// AWSSDK.Core's signer from the canonical request and compares; then checks the session token and its expiry.
/// </summary>
public sealed class SignatureVerifier(Func<string, AccessKey?> findKey, string region, TimeProvider time)
{
    public VerificationResult Verify(SignedRequest request, string signingName)
    {
        var authorization = request.HeaderValues("authorization");
        if (authorization.Count == 0)
        {
            return VerificationResult.Fail(AuthFailure.MissingToken);
        }
        var header = AuthorizationHeader.TryParse(authorization[0], out var problem);
        if (header is null)
        {
            return VerificationResult.Fail(AuthFailure.IncompleteSignature, problem);
        }
        var key = findKey(header.AccessKeyId);
        if (key is null)
        {
            return VerificationResult.Fail(AuthFailure.UnknownAccessKey, accessKeyId: header.AccessKeyId);
        }
        if (header.Service != signingName)
        {
            return VerificationResult.Fail(AuthFailure.SignatureMismatch, $"Credential should be scoped to correct service: '{signingName}'. ", header.AccessKeyId);
        }
        if (header.Region != region)
        {
            return VerificationResult.Fail(AuthFailure.SignatureMismatch, $"Credential should be scoped to a valid region. ", header.AccessKeyId);
        }
        var amzDate = request.HeaderValues("x-amz-date");
        if (amzDate.Count == 0 || !DateTime.TryParseExact(amzDate[0], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return VerificationResult.Fail(AuthFailure.IncompleteSignature, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", header.AccessKeyId);
        }
        if (!header.SignedHeaders.Contains("host"))
        {
            return VerificationResult.Fail(AuthFailure.SignatureMismatch, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", header.AccessKeyId);
        }
        var canonical = CanonicalRequest.Build(request.Method, request.RawPath, request.RawQuery, header.SignedHeaders, request.HeaderValues, request.Body);
        var expected = AWS4Signer.ComputeSignature(
            header.AccessKeyId, key.SecretAccessKey, header.Region, signedAt, header.Service, string.Join(';', header.SignedHeaders), canonical);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected.Signature), Encoding.ASCII.GetBytes(header.Signature)))
        {
            return VerificationResult.Fail(AuthFailure.SignatureMismatch, accessKeyId: header.AccessKeyId);
        }
        if (key.SessionToken is not null)
        {
            var token = request.HeaderValues("x-amz-security-token");
            if (token.Count == 0 || token[0] != key.SessionToken)
            {
                return VerificationResult.Fail(AuthFailure.UnknownAccessKey, accessKeyId: header.AccessKeyId);
            }
        }
        if (key.Expiration is { } expiration && time.GetUtcNow() >= expiration)
        {
            return VerificationResult.Fail(AuthFailure.ExpiredToken, accessKeyId: header.AccessKeyId);
        }
        return new VerificationResult(key, null, null, header.AccessKeyId);
    }
}
