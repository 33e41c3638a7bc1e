using CrossAccountStreams.CrdGen;
using CrossAccountStreams.Entities;

if (args.Length != 1 || args[0] is "-h" or "--help")
{
    await Console.Error.WriteLineAsync($"Usage: dotnet run --project tools/CrdGen -- <output directory>\n  e.g. {CrdFolder.RegenerateCommand}");
    return 2;
}

var definitions = new CustomResourceDefinitionGenerator().Generate(typeof(ApiGroup).Assembly);
var changed = CrdFolder.Write(args[0], CrdFolder.Render(definitions));
Console.WriteLine(changed.Count == 0
    ? $"{args[0]}: up to date ({definitions.Count} CRDs)"
    : $"{args[0]}: updated {string.Join(", ", changed)}");
return 0;
