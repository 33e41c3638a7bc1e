using CrossAccountStreams.Operator.Hosting;
using CrossAccountStreams.Operator.Reconciliation;
using Microsoft.Extensions.Options;

var parsed = OperatorCommandLine.Parse(args);
if (parsed.HelpRequested)
{
    Console.Out.Write(OperatorCommandLine.Usage);
    return 0;
}

if (parsed.Error is not null)
{
    Console.Error.WriteLine($"error: {parsed.Error}");
    Console.Error.WriteLine("Run with --help to list the flags.");
    return 2;
}

try
{
    await using var app = OperatorHost.Build(parsed.Settings, (services, configuration) => services.AddStreamSubscriptionReconciliation(configuration));
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    foreach (var failure in ex.Failures)
    {
        Console.Error.WriteLine($"error: {failure}");
    }

    return 2;
}
catch (Exception ex) when (ex is InvalidOperationException or k8s.Exceptions.KubeConfigException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
