using System.Security.Cryptography;

namespace LocalKube.Api;

/// <summary>The two bearer tokens the server accepts: an administrator, and a viewer that may only read.</summary>
public sealed record AccessTokens(string Admin, string Viewer)
{
    public const string AdminUser = "localkube-admin";
    public const string ViewerUser = "localkube-viewer";

    public static AccessTokens Generate() => new(NewToken(), NewToken());

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
