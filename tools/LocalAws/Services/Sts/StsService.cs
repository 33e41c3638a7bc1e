using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LocalAws.Hosting;
using LocalAws.Iam;
using LocalAws.Protocols;

namespace LocalAws.Services.Sts;

/// <summary>STS over the query protocol: AssumeRole and GetCallerIdentity.</summary>
public sealed partial class StsService(AwsWorld world) : IServiceHandler
{
    private static readonly XNamespace Ns = ErrorRenderer.StsNamespace;

    public AwsService Service => AwsService.Sts;

    public AwsResponse Handle(AwsRequest request) => request.Operation switch
    {
        "AssumeRole" => AssumeRole(request),
        "GetCallerIdentity" => GetCallerIdentity(request),
        _ => throw new AwsErrorException(ServiceErrors.UnknownOperation(AwsService.Sts, request.Operation)),
    };

    private static AwsResponse GetCallerIdentity(AwsRequest request)
    {
        var caller = request.Caller;
        return Xml("GetCallerIdentity", request.RequestId,
            new XElement(Ns + "Arn", caller.Arn),
            new XElement(Ns + "UserId", caller.UserId),
            new XElement(Ns + "Account", caller.AccountId));
    }

    private AwsResponse AssumeRole(AwsRequest request)
    {
        var p = request.Form.Count > 0 ? request.Form : request.Query;
        var roleArn = Required(p, "RoleArn", "roleArn");
        var sessionName = Required(p, "RoleSessionName", "roleSessionName");
        if (sessionName.Length is < 2 or > 64 || !SessionNamePattern().IsMatch(sessionName))
        {
            throw Validation($"1 validation error detected: Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }
        var externalId = p.GetValueOrDefault("ExternalId");
        if (externalId is not null && (externalId.Length is < 2 or > 1224 || !ExternalIdPattern().IsMatch(externalId)))
        {
            throw Validation($"1 validation error detected: Value '{externalId}' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have length between 2 and 1224");
        }
        var duration = 3600;
        if (p.TryGetValue("DurationSeconds", out var durationText))
        {
            if (!int.TryParse(durationText, NumberStyles.Integer, CultureInfo.InvariantCulture, out duration))
            {
                throw Validation($"1 validation error detected: Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer");
            }
            if (duration < 900)
            {
                throw Validation($"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
            }
            if (duration > 43200)
            {
                throw Validation($"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200");
            }
        }
        var tags = ReadTags(p);
        var caller = request.Caller;
        lock (world.Sync)
        {
            var role = world.FindRole(roleArn);
            var resourceAccount = Arn.TryParse(roleArn)?.Account ?? caller.AccountId;
            var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
            {
                ["sts:RoleSessionName"] = [sessionName],
            };
            if (externalId is not null)
            {
                keys["sts:ExternalId"] = [externalId];
            }
            foreach (var (key, value) in tags)
            {
                keys[$"aws:RequestTag/{key}"] = [value];
            }
            if (tags.Count > 0)
            {
                keys["aws:TagKeys"] = [.. tags.Keys];
            }
            var identity = world.IdentityPoliciesOf(caller);
            var actions = tags.Count > 0 ? new[] { "sts:AssumeRole", "sts:TagSession" } : ["sts:AssumeRole"];
            foreach (var action in actions)
            {
                var context = new RequestContext(caller, action, roleArn, resourceAccount) { Keys = keys };
                var decision = role is null
                    ? new AuthorizationDecision(context, DenialReason.NoResourcePolicy)
                    : Authorizer.Authorize(context, identity, role.TrustPolicy);
                if (!decision.Allowed)
                {
                    // STS does not say which policy refused: the same text whether the role is missing or untrusting.
                    throw new AwsErrorException(ServiceErrors.AccessDenied(AwsService.Sts,
                        $"User: {caller.Arn} is not authorized to perform: {action} on resource: {roleArn}"));
                }
            }
            if (role is null)
            {
                throw new AwsErrorException(ServiceErrors.AccessDenied(AwsService.Sts, $"User: {caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}"));
            }
            if (caller.Kind == PrincipalKind.AssumedRole && duration > 3600)
            {
                throw Validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
            }
            if (duration > role.MaxSessionDurationSeconds)
            {
                throw Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
            }
            var now = world.Time.GetUtcNow();
            var expiration = now.AddSeconds(duration);
            var sessionCaller = Caller.ForRoleSession(role, sessionName) with { SessionTags = tags };
            var issued = new AccessKey
            {
                AccessKeyId = "ASIA" + world.NewId(16),
                SecretAccessKey = world.NewSecret(40),
                SessionToken = "IQoJb3JpZ2luX2VjE" + world.NewSecret(180),
                Expiration = expiration,
                Caller = sessionCaller,
            };
            world.AddKey(issued);
            var result = new List<object>
            {
                new XElement(Ns + "Credentials",
                    new XElement(Ns + "AccessKeyId", issued.AccessKeyId),
                    new XElement(Ns + "SecretAccessKey", issued.SecretAccessKey),
                    new XElement(Ns + "SessionToken", issued.SessionToken),
                    new XElement(Ns + "Expiration", expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))),
                new XElement(Ns + "AssumedRoleUser",
                    new XElement(Ns + "AssumedRoleId", sessionCaller.UserId),
                    new XElement(Ns + "Arn", sessionCaller.Arn)),
            };
            if (tags.Count > 0)
            {
                result.Add(new XElement(Ns + "PackedPolicySize", Math.Min(100, tags.Count * 5)));
            }
            return Xml("AssumeRole", request.RequestId, [.. result]);
        }
    }

    private static Dictionary<string, string> ReadTags(IReadOnlyDictionary<string, string> p)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; p.TryGetValue($"Tags.member.{i}.Key", out var key); i++)
        {
            var value = p.GetValueOrDefault($"Tags.member.{i}.Value") ?? string.Empty;
            if (key.Length is < 1 or > 128 || value.Length > 256)
            {
                throw Validation($"1 validation error detected: Value at 'tags.{i}.member' failed to satisfy constraint: tag keys are 1-128 characters and values at most 256");
            }
            tags[key] = value;
        }
        if (tags.Count > 50)
        {
            throw Validation("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
        }
        return tags;
    }

    private static string Required(IReadOnlyDictionary<string, string> p, string name, string member) =>
        p.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    private static AwsErrorException Validation(string message) => new(ServiceErrors.Sts("ValidationError", message));

    private static AwsResponse Xml(string operation, string requestId, params object[] result)
    {
        var doc = new XElement(Ns + $"{operation}Response",
            new XElement(Ns + $"{operation}Result", result),
            new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", requestId)));
        return new AwsResponse(200, "text/xml", doc.ToString(SaveOptions.DisableFormatting));
    }

    [GeneratedRegex(@"^[\w+=,.@-]*$")]
    private static partial Regex SessionNamePattern();

    [GeneratedRegex(@"^[\w+=,.@:\/-]*$")]
    private static partial Regex ExternalIdPattern();
}
