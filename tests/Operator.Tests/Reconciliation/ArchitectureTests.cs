using System.Reflection;
using CrossAccountStreams.Operator.Reconciliation;
using CrossAccountStreams.Operator.Reconciliation.Policy;

namespace CrossAccountStreams.Operator.Tests.Reconciliation;

public sealed class ArchitectureTests
{
    private static readonly Assembly Operator = typeof(StreamPolicyDocument).Assembly;

    [Theory]
    [InlineData("CrossAccountStreams.Operator.Reconciliation.Authorization")]
    [InlineData("CrossAccountStreams.Operator.Reconciliation.Policy")]
    [InlineData("CrossAccountStreams.Operator.Reconciliation.Mapping")]
    [InlineData("CrossAccountStreams.Operator.Reconciliation.Status")]
    [InlineData("CrossAccountStreams.Operator.Reconciliation.Validation")]
    public void The_decision_layer_does_no_IO(string ns)
    {
        var offenders = Operator.GetTypes()
            .Where(t => t.Namespace == ns)
            .SelectMany(t => SignatureTypes(t).Select(used => (t, used)))
            .Where(p => IsIo(p.used))
            .Select(p => $"{p.t.Name} uses {p.used.FullName}")
            .Distinct()
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_reconcilers_use_AWS_only_through_the_adapters()
    {
        var offenders = new[] { typeof(StreamSubscriptionReconciler), typeof(AwsAccountReconciler) }
            .SelectMany(t => SignatureTypes(t).Select(used => (t, used)))
            .Where(p => p.used.Namespace?.StartsWith("Amazon", StringComparison.Ordinal) == true)
            .Select(p => $"{p.t.Name} uses {p.used.FullName}")
            .ToList();

        Assert.Empty(offenders);
    }

    private static bool IsIo(Type type) =>
        type.Namespace is { } n
        && (n.StartsWith("Amazon", StringComparison.Ordinal)
            || n == "k8s" && type.Name.StartsWith("IKubernetes", StringComparison.Ordinal) && type.Name != "IKubernetesObject`1"
            || n == "System.Net.Http"
            || type.Name is "IStreamSourceClient" or "IEventSourceMappingClient" or "IFunctionConfigurationReader" or "IRoleAssumer" or "IAccountCredentialsProvider");

    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var field in type.GetFields(all))
        {
            yield return field.FieldType;
        }

        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            foreach (var parameter in method.GetParameters())
            {
                yield return Unwrap(parameter.ParameterType);
            }

            if (method is MethodInfo info)
            {
                yield return Unwrap(info.ReturnType);
            }
        }
    }

    private static Type Unwrap(Type type) =>
        type.IsGenericType && type.GetGenericArguments().FirstOrDefault(a => a.Namespace?.StartsWith("Amazon", StringComparison.Ordinal) == true) is { } inner ? inner : type;
}
