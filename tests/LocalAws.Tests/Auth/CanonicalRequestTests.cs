using LocalAws.Auth;

namespace LocalAws.Tests.Auth;

public sealed class CanonicalRequestTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/2015-03-31/event-source-mappings/", "/2015-03-31/event-source-mappings/")]
    [InlineData("/2015-03-31/functions/order-processor%3Alive/configuration", "/2015-03-31/functions/order-processor%253Alive/configuration")]
    [InlineData("/2015-03-31/functions/order-processor:live/configuration", "/2015-03-31/functions/order-processor%3Alive/configuration")]
    public void Path_segments_are_encoded_again_as_for_every_service_but_S3(string rawPath, string expected)
    {
        Assert.Equal(expected, CanonicalRequest.CanonicalUri(rawPath));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("b=2&a=1", "a=1&b=2")]
    [InlineData("FunctionName=f&EventSourceArn=arn%3Aaws%3Adynamodb", "EventSourceArn=arn%3Aaws%3Adynamodb&FunctionName=f")]
    [InlineData("q=a+b&flag", "flag=&q=a%20b")]
    public void Query_parameters_are_sorted_and_encoded(string rawQuery, string expected)
    {
        Assert.Equal(expected, CanonicalRequest.CanonicalQuery(rawQuery));
    }
}
