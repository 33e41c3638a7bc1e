using System.ComponentModel.DataAnnotations;
using CrossAccountStreams.Entities.V1Alpha1;

namespace CrossAccountStreams.Entities.Tests.Schema;

/// <summary>The structural rules also hold for code that validates the C# objects with DataAnnotations.</summary>
public sealed class StructuralRuleAttributesTests
{
    [Theory]
    [InlineData("only a table name", "Orders", null, true)]
    [InlineData("only a stream ARN", null, "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2024-01-01T00:00:00.000", true)]
    [InlineData("both", "Orders", "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2024-01-01T00:00:00.000", false)]
    [InlineData("neither", null, null, false)]
    public void Source_needs_exactly_one_of_table_name_and_stream_ARN(string because, string? tableName, string? streamArn, bool valid)
    {
        var source = new StreamSource { Account = "orders-source", Region = "eu-west-1", TableName = tableName, StreamArn = streamArn };
        var results = new List<ValidationResult>();

        var accepted = Validator.TryValidateObject(source, new ValidationContext(source), results, validateAllProperties: true);

        Assert.True(valid == accepted, $"{because}: {string.Join("; ", results.Select(r => r.ErrorMessage))}");
        if (!valid)
        {
            Assert.Contains(results, r => r.ErrorMessage == "exactly one of tableName or streamArn must be set");
        }
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, false)]
    [InlineData(59, false)]
    [InlineData(60, true)]
    [InlineData(604800, true)]
    [InlineData(604801, false)]
    public void Record_age_is_minus_one_or_60_to_604800(int age, bool valid)
    {
        var mapping = new MappingSpec { MaximumRecordAgeInSeconds = age };
        var results = new List<ValidationResult>();

        var accepted = Validator.TryValidateObject(mapping, new ValidationContext(mapping), results, validateAllProperties: true);

        Assert.Equal(valid, accepted);
        Assert.All(results, r => Assert.Contains(nameof(MappingSpec.MaximumRecordAgeInSeconds), r.MemberNames));
    }
}
