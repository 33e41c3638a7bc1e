namespace LocalKube.Cel;

/// <summary>
/// Evaluates a checked expression over runtime values. Errors are <see cref="CelEvaluationException"/>s; as in CEL,
/// <c>&amp;&amp;</c> and <c>||</c> absorb an error on one side when the other side decides the result.
/// </summary>
public sealed class CelInterpreter
{
    private readonly Dictionary<string, object> _scope;

    private CelInterpreter(IReadOnlyDictionary<string, object> variables)
    {
        _scope = new Dictionary<string, object>(variables, StringComparer.Ordinal);
    }

    public static object Evaluate(CelExpr expr, IReadOnlyDictionary<string, object> variables) => new CelInterpreter(variables).Eval(expr);

    private object Eval(CelExpr expr) => expr switch
    {
        CelLiteral literal => literal.Value,
        CelIdent ident => _scope.TryGetValue(ident.Name, out var value) ? value : throw new CelEvaluationException($"no such attribute: {ident.Name}"),
        CelSelect select => Select(select),
        CelIndex index => Index(Eval(index.Operand), Eval(index.Index)),
        CelCall call => Call(call),
        CelUnary unary => Unary(unary.Operator, Eval(unary.Operand)),
        CelBinary { Operator: "&&" or "||" } logical => Logical(logical),
        CelBinary binary => Binary(binary.Operator, Eval(binary.Left), Eval(binary.Right)),
        CelConditional conditional => Eval(conditional.Condition) is bool condition
            ? Eval(condition ? conditional.WhenTrue : conditional.WhenFalse)
            : throw CelEvaluationException.NoSuchOverload("_?_:_"),
        CelListLiteral list => new CelList([.. list.Items.Select(Eval)]),
        CelMapLiteral map => MapLiteral(map),
        CelComprehension comprehension => Comprehension(comprehension),
        _ => throw new CelEvaluationException("unsupported expression"),
    };

    private object Select(CelSelect select)
    {
        var operand = Eval(select.Operand);
        if (operand is not CelMap map)
        {
            throw new CelEvaluationException($"type '{CelValues.TypeName(operand)}' does not support field selection");
        }

        var found = map.TryGet(CelObjectType.Unescape(select.Field), out var value);
        if (select.TestOnly)
        {
            return found;
        }

        return found ? value : throw new CelEvaluationException($"no such key: {select.Field}");
    }

    private static object Index(object operand, object index)
    {
        switch (operand, index)
        {
            case (CelList list, long or double):
                var position = index is long l ? l : (double)index is var d && d == Math.Floor(d) ? (long)d : throw new CelEvaluationException($"unsupported index value {index}");
                return position >= 0 && position < list.Items.Count
                    ? list.Items[(int)position]
                    : throw new CelEvaluationException($"index '{position}' out of range in list size '{list.Items.Count}'");
            case (CelMap map, _):
                return map.TryGet(index, out var value) ? value : throw new CelEvaluationException($"no such key: {Show(index)}");
            default:
                throw CelEvaluationException.NoSuchOverload($"_[_] applied to ({CelValues.TypeName(operand)}, {CelValues.TypeName(index)})");
        }
    }

    private object Call(CelCall call)
    {
        var args = new List<object>();
        if (call.Target is not null)
        {
            args.Add(Eval(call.Target));
        }

        args.AddRange(call.Args.Select(Eval));
        var overload = CelLibrary.Overloads.FirstOrDefault(o =>
            o.Function == call.Function
            && (o.Receiver is null) == (call.Target is null)
            && o.Parameters.Count == call.Args.Count
            && (o.Receiver is null || CelLibrary.Fits(args[0], o.Receiver))
            && o.Parameters.Select((p, i) => CelLibrary.Fits(args[i + (o.Receiver is null ? 0 : 1)], p)).All(x => x));
        return overload is null
            ? throw CelEvaluationException.NoSuchOverload($"{call.Function} applied to ({string.Join(", ", args.Select(CelValues.TypeName))})")
            : overload.Invoke([.. args]);
    }

    private static object Unary(string op, object operand) => (op, operand) switch
    {
        ("!", bool b) => !b,
        ("-", long l) => l == long.MinValue ? throw new CelEvaluationException("integer overflow") : -l,
        ("-", double d) => -d,
        _ => throw CelEvaluationException.NoSuchOverload($"{op}_ applied to ({CelValues.TypeName(operand)})"),
    };

    private object Logical(CelBinary binary)
    {
        var decisive = binary.Operator == "||";
        CelEvaluationException? leftError = null;
        try
        {
            var left = Eval(binary.Left);
            if (left is bool l && l == decisive)
            {
                return decisive;
            }

            if (left is not bool)
            {
                leftError = CelEvaluationException.NoSuchOverload($"_{binary.Operator}_ applied to ({CelValues.TypeName(left)})");
            }
        }
        catch (CelEvaluationException e)
        {
            leftError = e;
        }

        var right = Eval(binary.Right);
        if (right is bool r)
        {
            if (r == decisive)
            {
                return decisive;
            }

            return leftError is null ? !decisive : throw leftError;
        }

        throw leftError ?? CelEvaluationException.NoSuchOverload($"_{binary.Operator}_ applied to ({CelValues.TypeName(right)})");
    }

    private static object Binary(string op, object left, object right)
    {
        switch (op)
        {
            case "==":
                return CelValues.Equal(left, right);
            case "!=":
                return !CelValues.Equal(left, right);
            case "<" or "<=" or ">" or ">=":
                var order = Compare(op, left, right);
                return op switch { "<" => order < 0, "<=" => order <= 0, ">" => order > 0, _ => order >= 0 };
            case "in":
                return right switch
                {
                    CelList list => list.Items.Any(i => CelValues.Equal(i, left)),
                    CelMap map => map.TryGet(left, out _),
                    _ => throw CelEvaluationException.NoSuchOverload($"@in applied to ({CelValues.TypeName(left)}, {CelValues.TypeName(right)})"),
                };
            default:
                return Arithmetic(op, left, right);
        }
    }

    private static int Compare(string op, object left, object right) => (left, right) switch
    {
        (long a, long b) => a.CompareTo(b),
        (long or double, long or double) => CelValues.ToDouble(left).CompareTo(CelValues.ToDouble(right)),
        (string a, string b) => string.CompareOrdinal(a, b),
        (bool a, bool b) => a.CompareTo(b),
        (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
        _ => throw CelEvaluationException.NoSuchOverload($"_{op}_ applied to ({CelValues.TypeName(left)}, {CelValues.TypeName(right)})"),
    };

    private static object Arithmetic(string op, object left, object right)
    {
        try
        {
            return (op, left, right) switch
            {
                ("+", long a, long b) => checked(a + b),
                ("-", long a, long b) => checked(a - b),
                ("*", long a, long b) => checked(a * b),
                ("/", long, 0L) => throw new CelEvaluationException("division by zero"),
                ("/", long a, long b) => a == long.MinValue && b == -1 ? throw new CelEvaluationException("integer overflow") : a / b,
                ("%", long, 0L) => throw new CelEvaluationException("modulus by zero"),
                ("%", long a, long b) => b == -1 ? 0L : a % b,
                ("+", double a, double b) => a + b,
                ("-", double a, double b) => a - b,
                ("*", double a, double b) => a * b,
                ("/", double a, double b) => a / b,
                ("+", string a, string b) => a + b,
                ("+", CelList a, CelList b) => new CelList([.. a.Items, .. b.Items]),
                _ => throw CelEvaluationException.NoSuchOverload($"_{op}_ applied to ({CelValues.TypeName(left)}, {CelValues.TypeName(right)})"),
            };
        }
        catch (OverflowException)
        {
            throw new CelEvaluationException("integer overflow");
        }
    }

    private CelMap MapLiteral(CelMapLiteral map)
    {
        var entries = new List<KeyValuePair<object, object>>();
        foreach (var (keyExpr, valueExpr) in map.Entries)
        {
            var key = Eval(keyExpr);
            if (entries.Any(e => CelValues.Equal(e.Key, key)))
            {
                throw new CelEvaluationException($"Failed with repeated key: {Show(key)}");
            }

            entries.Add(new(key, Eval(valueExpr)));
        }

        return new CelMap(entries);
    }

    private object Comprehension(CelComprehension comprehension)
    {
        var range = Eval(comprehension.Range) switch
        {
            CelList list => list.Items,
            CelMap map => map.Entries.Select(e => e.Key).ToList(),
            var other => throw CelEvaluationException.NoSuchOverload($"{comprehension.Macro} over {CelValues.TypeName(other)}"),
        };

        var shadowed = _scope.TryGetValue(comprehension.Variable, out var previous);
        try
        {
            return comprehension.Macro switch
            {
                "all" => Quantify(range, comprehension, decisive: false),
                "exists" => Quantify(range, comprehension, decisive: true),
                "exists_one" => range.Count(item => Predicate(comprehension, item)) == 1,
                "filter" => new CelList([.. range.Where(item => Predicate(comprehension, item))]),
                _ => new CelList([.. range.Where(item => comprehension.Filter is null || Predicate(comprehension, item, comprehension.Filter)).Select(item => Bind(comprehension.Variable, item, comprehension.Step))]),
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

    /// <summary><c>all</c> and <c>exists</c>: the deciding element wins even when other elements error.</summary>
    private bool Quantify(IReadOnlyList<object> range, CelComprehension comprehension, bool decisive)
    {
        CelEvaluationException? error = null;
        foreach (var item in range)
        {
            try
            {
                if (Predicate(comprehension, item) == decisive)
                {
                    return decisive;
                }
            }
            catch (CelEvaluationException e)
            {
                error ??= e;
            }
        }

        return error is null ? !decisive : throw error;
    }

    private bool Predicate(CelComprehension comprehension, object item, CelExpr? expr = null) =>
        Bind(comprehension.Variable, item, expr ?? comprehension.Step) is bool b
            ? b
            : throw CelEvaluationException.NoSuchOverload($"{comprehension.Macro} predicate is not a bool");

    private object Bind(string variable, object item, CelExpr expr)
    {
        _scope[variable] = item;
        return Eval(expr);
    }

    private static string Show(object value) => value.ToString() ?? "";
}
