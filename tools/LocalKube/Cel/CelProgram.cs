namespace LocalKube.Cel;

/// <summary>A parsed and type-checked expression, ready to evaluate any number of times (it holds no state).</summary>
public sealed class CelProgram
{
    private CelProgram(string source, CelExpr expression, CelType resultType)
    {
        Source = source;
        Expression = expression;
        ResultType = resultType;
        References = Names(expression, []).ToHashSet(StringComparer.Ordinal);
    }

    public string Source { get; }

    public CelExpr Expression { get; }

    public CelType ResultType { get; }

    /// <summary>The free variables the expression reads (for example <c>oldSelf</c>, which makes a rule a transition rule).</summary>
    public IReadOnlySet<string> References { get; }

    /// <summary>Parses and checks <paramref name="source"/>; throws <see cref="CelCompileException"/> with cel-go's wording.</summary>
    public static CelProgram Compile(string source, IReadOnlyDictionary<string, CelType> variables)
    {
        var expression = CelParser.Parse(source);
        return new CelProgram(source, expression, CelChecker.Check(source, expression, variables));
    }

    public object Evaluate(IReadOnlyDictionary<string, object> variables) => CelInterpreter.Evaluate(Expression, variables);

    private static IEnumerable<string> Names(CelExpr expr, HashSet<string> bound) => expr switch
    {
        CelIdent ident when !bound.Contains(ident.Name) => [ident.Name],
        CelSelect select => Names(select.Operand, bound),
        CelIndex index => Names(index.Operand, bound).Concat(Names(index.Index, bound)),
        CelCall call => (call.Target is null ? [] : Names(call.Target, bound)).Concat(call.Args.SelectMany(a => Names(a, bound))),
        CelUnary unary => Names(unary.Operand, bound),
        CelBinary binary => Names(binary.Left, bound).Concat(Names(binary.Right, bound)),
        CelConditional c => Names(c.Condition, bound).Concat(Names(c.WhenTrue, bound)).Concat(Names(c.WhenFalse, bound)),
        CelListLiteral list => list.Items.SelectMany(i => Names(i, bound)),
        CelMapLiteral map => map.Entries.SelectMany(e => Names(e.Key, bound).Concat(Names(e.Value, bound))),
        CelComprehension c => Names(c.Range, bound).Concat(
            new[] { c.Filter, c.Step }.OfType<CelExpr>().SelectMany(e => Names(e, [.. bound, c.Variable]))),
        _ => [],
    };
}
