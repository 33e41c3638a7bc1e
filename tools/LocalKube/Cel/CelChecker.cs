namespace LocalKube.Cel;

/// <summary>
/// Type-checks a parsed rule against the types of its variables, as kube-apiserver does when a CRD is written:
/// unknown fields, functions and variables, and operators applied to the wrong types are compile errors.
/// Anything typed <c>dyn</c> (int-or-string, preserved unknown fields) is checked at evaluation instead.
/// </summary>
public sealed class CelChecker
{
    private readonly string _source;
    private readonly Dictionary<string, CelType> _scope;

    private CelChecker(string source, IReadOnlyDictionary<string, CelType> variables)
    {
        _source = source;
        _scope = new Dictionary<string, CelType>(variables, StringComparer.Ordinal);
    }

    /// <summary>Returns the type of <paramref name="expr"/>, or throws <see cref="CelCompileException"/>.</summary>
    public static CelType Check(string source, CelExpr expr, IReadOnlyDictionary<string, CelType> variables) =>
        new CelChecker(source, variables).TypeOf(expr);

    private CelType TypeOf(CelExpr expr) => expr switch
    {
        CelLiteral literal => LiteralType(literal.Value),
        CelIdent ident => _scope.TryGetValue(ident.Name, out var type)
            ? type
            : throw Error(ident, $"undeclared reference to '{ident.Name}' (in container '')"),
        CelSelect select => SelectType(select),
        CelIndex index => IndexType(index),
        CelCall call => CallType(call),
        CelUnary unary => UnaryType(unary),
        CelBinary binary => BinaryType(binary),
        CelConditional conditional => ConditionalType(conditional),
        CelListLiteral list => new CelListType(Join(list.Items.Select(TypeOf).ToList())),
        CelMapLiteral map => new CelMapType(Join(map.Entries.Select(e => TypeOf(e.Key)).ToList()), Join(map.Entries.Select(e => TypeOf(e.Value)).ToList())),
        CelComprehension comprehension => ComprehensionType(comprehension),
        _ => throw Error(expr, "unsupported expression"),
    };

    private static CelType LiteralType(object value) => value switch
    {
        long => CelType.Int,
        double => CelType.Double,
        string => CelType.String,
        bool => CelType.Bool,
        _ => CelType.Null,
    };

    private CelType SelectType(CelSelect select)
    {
        var operand = TypeOf(select.Operand);
        var type = operand switch
        {
            _ when operand.IsDyn => CelType.Dyn,
            CelObjectType o => o.Field(select.Field) ?? throw Error(select, $"undefined field '{select.Field}'"),
            CelMapType m when m.Key.Accepts(CelType.String) => m.Value,
            _ => throw Error(select, $"type '{operand.Name}' does not support field selection"),
        };
        return select.TestOnly ? CelType.Bool : type;
    }

    private CelType IndexType(CelIndex index)
    {
        var operand = TypeOf(index.Operand);
        var key = TypeOf(index.Index);
        return operand switch
        {
            _ when operand.IsDyn => CelType.Dyn,
            CelListType list when CelType.Int.Accepts(key) => list.Element,
            CelMapType map when map.Key.Accepts(key) => map.Value,
            _ => throw NoOverload(index, "_[_]", operand, key),
        };
    }

    private CelType CallType(CelCall call)
    {
        var receiver = call.Target is null ? null : TypeOf(call.Target);
        var args = call.Args.Select(TypeOf).ToList();
        if (!CelLibrary.IsKnown(call.Function))
        {
            throw Error(call, $"undeclared reference to '{call.Function}' (in container '')");
        }

        var candidates = CelLibrary.Overloads.Where(o => o.Function == call.Function && (o.Receiver is null) == (receiver is null) && o.Parameters.Count == args.Count);
        var matching = candidates.Where(o => (receiver is null || o.Receiver!.Accepts(receiver)) && o.Parameters.Zip(args).All(p => p.First.Accepts(p.Second))).ToList();
        if (matching.Count == 0)
        {
            var shown = receiver is null ? args : [receiver, .. args];
            throw NoOverload(call, call.Function, [.. shown], receiverStyle: receiver is not null);
        }

        if (call.Function == "matches" && call.Args[^1] is CelLiteral { Value: string pattern })
        {
            try
            {
                CelLibrary.Matches("", pattern);
            }
            catch (CelEvaluationException e)
            {
                throw Error(call.Args[^1], e.Message);
            }
        }

        var results = matching.Select(o => o.Result).Distinct().ToList();
        return results.Count == 1 ? results[0] : CelType.Dyn;
    }

    private CelType UnaryType(CelUnary unary)
    {
        var operand = TypeOf(unary.Operand);
        return unary.Operator switch
        {
            "!" when CelType.Bool.Accepts(operand) => CelType.Bool,
            "-" when operand.IsDyn || operand == CelType.Int || operand == CelType.Double => operand,
            _ => throw NoOverload(unary, unary.Operator + "_", operand),
        };
    }

    private CelType BinaryType(CelBinary binary)
    {
        var left = TypeOf(binary.Left);
        var right = TypeOf(binary.Right);
        var numeric = IsNumeric(left) && IsNumeric(right);
        var same = left.IsDyn || right.IsDyn || left.Accepts(right);
        var type = binary.Operator switch
        {
            "&&" or "||" when CelType.Bool.Accepts(left) && CelType.Bool.Accepts(right) => CelType.Bool,
            "==" or "!=" when same || numeric || left == CelType.Null || right == CelType.Null => CelType.Bool,
            "<" or "<=" or ">" or ">=" when numeric || (same && IsOrdered(left) && IsOrdered(right)) => CelType.Bool,
            "in" when right.IsDyn => CelType.Bool,
            "in" when right is CelListType list && list.Element.Accepts(left) => CelType.Bool,
            "in" when right is CelMapType map && map.Key.Accepts(left) => CelType.Bool,
            "+" when same && (left.IsDyn || right.IsDyn) => CelType.Dyn,
            "+" when same && (left == CelType.Int || left == CelType.Double || left == CelType.String) => left,
            "+" when left is CelListType l && right is CelListType r => new CelListType(Join([l.Element, r.Element])),
            "-" or "*" or "/" when same && (left.IsDyn || right.IsDyn) => CelType.Dyn,
            "-" or "*" or "/" when same && (left == CelType.Int || left == CelType.Double) => left,
            "%" when same && (left.IsDyn || right.IsDyn || left == CelType.Int) => left.IsDyn ? right : left,
            _ => null,
        };
        return type ?? throw NoOverload(binary, binary.Operator == "in" ? "@in" : $"_{binary.Operator}_", left, right);
    }

    private CelType ConditionalType(CelConditional conditional)
    {
        var condition = TypeOf(conditional.Condition);
        if (!CelType.Bool.Accepts(condition))
        {
            throw NoOverload(conditional, "_?_:_", condition);
        }

        return Join([TypeOf(conditional.WhenTrue), TypeOf(conditional.WhenFalse)]);
    }

    private CelType ComprehensionType(CelComprehension comprehension)
    {
        var range = TypeOf(comprehension.Range);
        var variable = range switch
        {
            _ when range.IsDyn => CelType.Dyn,
            CelListType list => list.Element,
            CelMapType map => map.Key,
            _ => throw Error(comprehension, $"expression of type '{range.Name}' cannot be range of a comprehension (must be list, map, or dynamic)"),
        };

        var shadowed = _scope.TryGetValue(comprehension.Variable, out var previous);
        _scope[comprehension.Variable] = variable;
        try
        {
            if (comprehension.Filter is { } filter && !CelType.Bool.Accepts(TypeOf(filter)))
            {
                throw Error(filter, "the filter of map() must be a bool");
            }

            var step = TypeOf(comprehension.Step);
            if (comprehension.Macro != "map" && !CelType.Bool.Accepts(step))
            {
                throw Error(comprehension.Step, $"the predicate of {comprehension.Macro}() must be a bool, not '{step.Name}'");
            }

            return comprehension.Macro switch
            {
                "map" => new CelListType(step),
                "filter" => new CelListType(variable),
                _ => CelType.Bool,
            };
        }
        finally
        {
            if (shadowed)
            {
                _scope[comprehension.Variable] = previous!;
            }
            else
            {
                _scope.Remove(comprehension.Variable);
            }
        }
    }

    private static bool IsNumeric(CelType type) => type.IsDyn || type == CelType.Int || type == CelType.Double;

    private static bool IsOrdered(CelType type) =>
        type.IsDyn || type == CelType.Int || type == CelType.Double || type == CelType.String || type == CelType.Bool || type == CelType.Timestamp;

    private static CelType Join(List<CelType> types)
    {
        var distinct = types.Where(t => !t.IsDyn).Distinct().ToList();
        return distinct.Count == 1 && types.All(t => !t.IsDyn) ? distinct[0] : CelType.Dyn;
    }

    private CelCompileException NoOverload(CelExpr expr, string function, params CelType[] args) => NoOverload(expr, function, args, false);

    private CelCompileException NoOverload(CelExpr expr, string function, CelType[] args, bool receiverStyle) =>
        Error(expr, $"found no matching overload for '{function}' applied to '{(receiverStyle ? args[0].Name + "." : "")}({string.Join(", ", (receiverStyle ? args.Skip(1) : args).Select(a => a.Name))})'");

    private CelCompileException Error(CelExpr expr, string message) => CelCompileException.At(_source, expr.Position, message);
}
