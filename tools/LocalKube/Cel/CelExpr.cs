namespace LocalKube.Cel;

/// <summary>A parsed CEL expression. <see cref="Position"/> is the offset in the source that errors point at.</summary>
public abstract record CelExpr(int Position);

public sealed record CelLiteral(int Position, object Value) : CelExpr(Position);

public sealed record CelIdent(int Position, string Name) : CelExpr(Position);

/// <summary><c>operand.field</c>; with <see cref="TestOnly"/> it is the argument of <c>has()</c>.</summary>
public sealed record CelSelect(int Position, CelExpr Operand, string Field, bool TestOnly = false) : CelExpr(Position);

public sealed record CelIndex(int Position, CelExpr Operand, CelExpr Index) : CelExpr(Position);

/// <summary>A function call, global (<see cref="Target"/> null) or receiver style (<c>s.startsWith('x')</c>).</summary>
public sealed record CelCall(int Position, CelExpr? Target, string Function, IReadOnlyList<CelExpr> Args) : CelExpr(Position);

public sealed record CelUnary(int Position, string Operator, CelExpr Operand) : CelExpr(Position);

public sealed record CelBinary(int Position, string Operator, CelExpr Left, CelExpr Right) : CelExpr(Position);

public sealed record CelConditional(int Position, CelExpr Condition, CelExpr WhenTrue, CelExpr WhenFalse) : CelExpr(Position);

public sealed record CelListLiteral(int Position, IReadOnlyList<CelExpr> Items) : CelExpr(Position);

public sealed record CelMapLiteral(int Position, IReadOnlyList<(CelExpr Key, CelExpr Value)> Entries) : CelExpr(Position);

/// <summary>
/// A comprehension macro over a list (its elements) or a map (its keys): <c>all</c>, <c>exists</c>,
/// <c>exists_one</c>, <c>filter</c>, and <c>map</c> (with an optional filter as the middle argument).
/// </summary>
public sealed record CelComprehension(int Position, string Macro, CelExpr Range, string Variable, CelExpr? Filter, CelExpr Step) : CelExpr(Position);
