namespace LocalKube.Cel;

/// <summary>
/// A recursive-descent parser for the CEL grammar (cel-spec): ternary, <c>||</c>, <c>&amp;&amp;</c>, relations
/// (including <c>in</c>), arithmetic, unary, member access, indexing, calls, list and map literals. The macros
/// <c>has</c>, <c>all</c>, <c>exists</c>, <c>exists_one</c>, <c>map</c> and <c>filter</c> are expanded here.
/// </summary>
public sealed class CelParser
{
    private static readonly HashSet<string> Reserved = ["as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while"];

    private readonly string _source;
    private readonly IReadOnlyList<CelToken> _tokens;
    private int _next;

    private CelParser(string source)
    {
        _source = source;
        _tokens = CelLexer.Tokenize(source);
    }

    public static CelExpr Parse(string source)
    {
        var parser = new CelParser(source);
        var expr = parser.Expression();
        if (parser.Peek.Kind != CelTokenKind.End)
        {
            throw parser.Error(parser.Peek.Position, $"Syntax error: extraneous input '{parser.Peek.Text}' expecting <EOF>");
        }

        return expr;
    }

    private CelToken Peek => _tokens[_next];

    private CelExpr Expression()
    {
        var condition = Or();
        if (!IsPunctuation("?"))
        {
            return condition;
        }

        var position = Take().Position;
        var whenTrue = Or();
        Expect(":");
        var whenFalse = Expression();
        return new CelConditional(position, condition, whenTrue, whenFalse);
    }

    private CelExpr Or()
    {
        var left = And();
        while (IsPunctuation("||"))
        {
            var position = Take().Position;
            left = new CelBinary(position, "||", left, And());
        }

        return left;
    }

    private CelExpr And()
    {
        var left = Relation();
        while (IsPunctuation("&&"))
        {
            var position = Take().Position;
            left = new CelBinary(position, "&&", left, Relation());
        }

        return left;
    }

    private CelExpr Relation()
    {
        var left = Addition();
        while (Peek is { Kind: CelTokenKind.Punctuation, Text: "==" or "!=" or "<" or "<=" or ">" or ">=" }
               || Peek is { Kind: CelTokenKind.Identifier, Text: "in" })
        {
            var op = Take();
            left = new CelBinary(op.Position, op.Text, left, Addition());
        }

        return left;
    }

    private CelExpr Addition()
    {
        var left = Multiplication();
        while (Peek is { Kind: CelTokenKind.Punctuation, Text: "+" or "-" })
        {
            var op = Take();
            left = new CelBinary(op.Position, op.Text, left, Multiplication());
        }

        return left;
    }

    private CelExpr Multiplication()
    {
        var left = Unary();
        while (Peek is { Kind: CelTokenKind.Punctuation, Text: "*" or "/" or "%" })
        {
            var op = Take();
            left = new CelBinary(op.Position, op.Text, left, Unary());
        }

        return left;
    }

    private CelExpr Unary()
    {
        if (Peek is { Kind: CelTokenKind.Punctuation, Text: "!" or "-" })
        {
            var op = Take();
            if (op.Text == "-" && Peek.Kind is CelTokenKind.Int or CelTokenKind.Double && Peek.Position == op.Position + 1)
            {
                // A negative literal, so that the smallest int64 parses.
                var number = Take();
                var operand = Member(number.Kind == CelTokenKind.Int ? new CelLiteral(op.Position, -(long)number.Value!) : new CelLiteral(op.Position, -(double)number.Value!));
                return operand;
            }

            return new CelUnary(op.Position, op.Text, Unary());
        }

        return Member(Primary());
    }

    private CelExpr Member(CelExpr operand)
    {
        while (true)
        {
            if (IsPunctuation("."))
            {
                var dot = Take();
                if (Peek.Kind == CelTokenKind.Punctuation && Peek.Text == "?")
                {
                    throw Error(Peek.Position, "optional field selection (.?) is not supported by this evaluator");
                }

                var name = ExpectIdentifier();
                if (IsPunctuation("("))
                {
                    Take();
                    var args = Arguments(")");
                    operand = ReceiverCall(dot.Position, operand, name, args);
                }
                else
                {
                    operand = new CelSelect(dot.Position, operand, name);
                }
            }
            else if (IsPunctuation("["))
            {
                var open = Take();
                if (IsPunctuation("?"))
                {
                    throw Error(Peek.Position, "optional indexing ([?]) is not supported by this evaluator");
                }

                var index = Expression();
                Expect("]");
                operand = new CelIndex(open.Position, operand, index);
            }
            else
            {
                return operand;
            }
        }
    }

    private CelExpr ReceiverCall(int position, CelExpr target, string name, List<CelExpr> args)
    {
        switch (name)
        {
            case "all" or "exists" or "exists_one" or "filter" when args.Count == 2:
                return new CelComprehension(position, name, target, Variable(args[0]), null, args[1]);
            case "map" when args.Count == 2:
                return new CelComprehension(position, name, target, Variable(args[0]), null, args[1]);
            case "map" when args.Count == 3:
                return new CelComprehension(position, name, target, Variable(args[0]), args[1], args[2]);
            case "all" or "exists" or "exists_one" or "filter" or "map" when args.Count == 3:
                throw Error(position, $"two-variable comprehension {name}(k, v, …) is not supported by this evaluator");
            default:
                return new CelCall(position, target, name, args);
        }
    }

    private string Variable(CelExpr expr) =>
        expr is CelIdent ident ? ident.Name : throw Error(expr.Position, "argument must be a simple name");

    private CelExpr Primary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case CelTokenKind.Int or CelTokenKind.Double or CelTokenKind.String:
                return new CelLiteral(token.Position, token.Value!);
            case CelTokenKind.Identifier:
                return Identifier(token);
            case CelTokenKind.Punctuation when token.Text == "(":
                var inner = Expression();
                Expect(")");
                return inner;
            case CelTokenKind.Punctuation when token.Text == "[":
                return new CelListLiteral(token.Position, Arguments("]"));
            case CelTokenKind.Punctuation when token.Text == "{":
                return MapLiteral(token.Position);
            case CelTokenKind.Punctuation when token.Text == ".":
                throw Error(token.Position, "leading-dot identifiers are not supported by this evaluator");
            default:
                throw Error(token.Position, $"Syntax error: mismatched input '{token.Text}' expecting an expression");
        }
    }

    private CelExpr Identifier(CelToken token)
    {
        switch (token.Text)
        {
            case "true":
                return new CelLiteral(token.Position, true);
            case "false":
                return new CelLiteral(token.Position, false);
            case "null":
                return new CelLiteral(token.Position, CelNull.Value);
            case "in":
                throw Error(token.Position, "Syntax error: mismatched input 'in' expecting an expression");
            default:
                break;
        }

        if (Reserved.Contains(token.Text))
        {
            throw Error(token.Position, $"reserved identifier: {token.Text}");
        }

        if (IsPunctuation("("))
        {
            Take();
            var args = Arguments(")");
            if (token.Text == "has")
            {
                return args is [CelSelect select] && !select.TestOnly
                    ? select with { TestOnly = true }
                    : throw Error(token.Position, "invalid argument to has() macro");
            }

            return new CelCall(token.Position, null, token.Text, args);
        }

        if (IsPunctuation("{"))
        {
            throw Error(Peek.Position, "message construction (Type{…}) is not supported by this evaluator");
        }

        return new CelIdent(token.Position, token.Text);
    }

    private CelMapLiteral MapLiteral(int position)
    {
        var entries = new List<(CelExpr, CelExpr)>();
        while (!IsPunctuation("}"))
        {
            var key = Expression();
            Expect(":");
            entries.Add((key, Expression()));
            if (!IsPunctuation(","))
            {
                break;
            }

            Take();
        }

        Expect("}");
        return new CelMapLiteral(position, entries);
    }

    private List<CelExpr> Arguments(string close)
    {
        var args = new List<CelExpr>();
        while (!IsPunctuation(close))
        {
            args.Add(Expression());
            if (!IsPunctuation(","))
            {
                break;
            }

            Take();
        }

        Expect(close);
        return args;
    }

    private bool IsPunctuation(string text) => Peek.Kind == CelTokenKind.Punctuation && Peek.Text == text;

    private CelToken Take() => _tokens[_next < _tokens.Count - 1 ? _next++ : _next];

    private void Expect(string text)
    {
        if (!IsPunctuation(text))
        {
            throw Error(Peek.Position, $"Syntax error: mismatched input '{Peek.Text}' expecting '{text}'");
        }

        Take();
    }

    private string ExpectIdentifier()
    {
        if (Peek.Kind != CelTokenKind.Identifier)
        {
            throw Error(Peek.Position, $"Syntax error: mismatched input '{Peek.Text}' expecting IDENTIFIER");
        }

        return Take().Text;
    }

    private CelCompileException Error(int position, string message) => CelCompileException.At(_source, position, message);
}
