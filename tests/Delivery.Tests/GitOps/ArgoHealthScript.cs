using System.Text.Json;
using System.Text.Json.Nodes;
using KeraLua;

namespace CrossAccountStreams.Delivery.Tests.GitOps;

/// <summary>What an Argo CD health script returns.</summary>
public sealed record ArgoHealth(string Status, string Message);

/// <summary>
/// Runs an Argo CD health check the way Argo CD does: the resource as global <c>obj</c>, the script's returned table
/// read for <c>status</c> and <c>message</c>. Lua 5.4 (KeraLua) stands in for Argo's Lua 5.1 interpreter; the
/// script uses only what both have.
/// </summary>
public sealed class ArgoHealthScript(string source)
{
    private static readonly HashSet<string> ArgoStatuses = ["Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown"];

    public ArgoHealth Evaluate(JsonObject resource)
    {
        using var lua = new Lua();
        lua.OpenLibs();
        Push(lua, resource);
        lua.SetGlobal("obj");

        Check(lua, lua.LoadString(source), "load");
        Check(lua, lua.PCall(0, 1, 0), "run");
        Assert.Equal(LuaType.Table, lua.Type(-1));

        lua.GetField(-1, "status");
        var status = lua.ToString(-1);
        lua.Pop(1);
        lua.GetField(-1, "message");
        var message = lua.ToString(-1) ?? "";
        lua.Pop(1);

        // Argo CD turns anything else into Unknown; a script must never rely on that.
        Assert.Contains(status, ArgoStatuses);
        return new ArgoHealth(status, message);
    }

    private static void Check(Lua lua, LuaStatus status, string step)
    {
        if (status != LuaStatus.OK)
        {
            Assert.Fail($"Lua {step} failed: {lua.ToString(-1)}");
        }
    }

    private static void Push(Lua lua, JsonNode? node)
    {
        switch (node)
        {
            case null:
                lua.PushNil();
                break;
            case JsonObject obj:
                lua.NewTable();
                foreach (var (key, value) in obj)
                {
                    if (value is null)
                    {
                        continue;
                    }

                    Push(lua, value);
                    lua.SetField(-2, key);
                }

                break;
            case JsonArray array:
                lua.NewTable();
                for (var i = 0; i < array.Count; i++)
                {
                    Push(lua, array[i]);
                    lua.SetInteger(-2, i + 1);
                }

                break;
            case JsonValue value:
                PushValue(lua, value);
                break;
        }
    }

    private static void PushValue(Lua lua, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                lua.PushString((string)value!);
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                lua.PushBoolean((bool)value);
                break;
            case JsonValueKind.Number when value.TryGetValue<long>(out var integer):
                lua.PushInteger(integer);
                break;
            case JsonValueKind.Number:
                lua.PushNumber((double)value);
                break;
            default:
                lua.PushNil();
                break;
        }
    }
}
