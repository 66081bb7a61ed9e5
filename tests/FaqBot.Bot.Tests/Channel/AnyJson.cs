using System.Globalization;
using System.Text;
using CsCheck;

namespace FaqBot.Bot.Tests.Channel;

/// <summary>
/// A JSON value as written on the wire, built by the property tests. It is written by hand rather than by a JSON
/// library so that any string can be sent, a lone UTF-16 surrogate included (as a \u escape, the only way JSON can
/// carry one), and so that a shrunk failing case prints as the exact body that was posted.
/// </summary>
internal abstract record Json
{
    public static readonly Json Null = new Literal("null");

    public abstract void Write(StringBuilder text);

    public sealed override string ToString()
    {
        var text = new StringBuilder();
        Write(text);
        return text.ToString();
    }

    /// <summary>null, true, false or a number, exactly as written.</summary>
    public sealed record Literal(string Text) : Json
    {
        public override void Write(StringBuilder text) => text.Append(Text);
    }

    public sealed record Str(string Value) : Json
    {
        public override void Write(StringBuilder text) => WriteString(text, Value);
    }

    public sealed record Arr(IReadOnlyList<Json> Items) : Json
    {
        public override void Write(StringBuilder text)
        {
            text.Append('[');
            for (var i = 0; i < Items.Count; i++)
            {
                text.Append(i == 0 ? "" : ",");
                Items[i].Write(text);
            }

            text.Append(']');
        }
    }

    /// <summary>An object; a repeated name is kept, as a hostile sender may repeat one.</summary>
    public sealed record Obj(IReadOnlyList<KeyValuePair<string, Json>> Members) : Json
    {
        public Obj(params (string Name, Json Value)[] members)
            : this(members.Select(m => KeyValuePair.Create(m.Name, m.Value)).ToList())
        {
        }

        public Json? this[string name] => Members.LastOrDefault(m => m.Key == name).Value;

        /// <summary>This object with the value at <paramref name="path"/> replaced (null: removed), creating objects on the way.</summary>
        public Obj With(ReadOnlySpan<string> path, Json? value)
        {
            var name = path[0];
            var members = Members.Where(m => m.Key != name).ToList();
            var current = this[name];
            Json? replacement = path.Length == 1 ? value : path[1] == "0"
                ? WithFirstItem(current as Arr, path[2..], value)
                : (current as Obj ?? new Obj()).With(path[1..], value);
            if (replacement is not null)
            {
                members.Add(KeyValuePair.Create(name, replacement));
            }

            return new Obj(members);
        }

        private static Arr WithFirstItem(Arr? array, ReadOnlySpan<string> path, Json? value)
        {
            var items = array?.Items.ToList() ?? [];
            var first = items.Count > 0 ? items[0] : null;
            var replaced = path.Length == 0 ? value ?? Null : (first as Obj ?? new Obj()).With(path, value);
            if (items.Count == 0)
            {
                items.Add(replaced);
            }
            else
            {
                items[0] = replaced;
            }

            return new Arr(items);
        }

        public override void Write(StringBuilder text)
        {
            text.Append('{');
            for (var i = 0; i < Members.Count; i++)
            {
                text.Append(i == 0 ? "" : ",");
                WriteString(text, Members[i].Key);
                text.Append(':');
                Members[i].Value.Write(text);
            }

            text.Append('}');
        }
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pairs = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (pairs)
            {
                text.Append(c).Append(value[++i]);
            }
            else if (c is '"' or '\\')
            {
                text.Append('\\').Append(c);
            }
            else if (c < ' ' || char.IsSurrogate(c))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        text.Append('"');
    }
}

/// <summary>Generators of any JSON value, weighted towards what breaks parsers and the code behind them.</summary>
internal static class AnyJson
{
    /// <summary>Strings with a meaning somewhere in an activity, so that a value is sometimes right in one field and wrong in another.</summary>
    private static readonly string[] Meaningful =
    [
        "message", "conversationUpdate", "invoke", "event", "messageReaction", "installationUpdate", "typing", "endOfConversation",
        "expectReplies", "normal", "ephemeral", "msteams", "emulator", "directline", "webchat", "user", "bot", "markdown", "plain", "xml",
        "mention", "clientInfo", "Helpful", "Not helpful", "help", "topics", "myths", "tell me more", "why?", "None of these",
        "are they always enemies?", "composeExtension/query", "adaptiveCard/action", "healthCheck", "signin/verifyState",
        "application/vnd.microsoft.card.hero", "en-US", "xx-INVALID", "zh-Hant-TW-u-ca-chinese", "2026-12-01T10:00:00Z",
        "2026-13-45T99:99:99Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "http://localhost:9", "http://127.0.0.1:1/",
        "https://127.0.0.1:1/", "http://", "https://", "ftp://127.0.0.1/", "//127.0.0.1", "http://[::1", "http://127.0.0.1:99999/",
        "file:///etc/passwd", "http://127.0.0.1:1/\ud83d", "<at>FaqBot</at>", "$type", "$ref", "$id", "$values",
    ];

    private static readonly string[] Hostile =
    [
        "", " ", "\t\r\n", "\u0000", "\u0000\u0001\u001b[2J", "\ud83d", "\ude00", "\ude00\ud83d", "\ud83d\ude00", "\u202eevil", "\ufeff",
        "\uffff", "<script>alert(1)</script>", "'; DROP TABLE users; --", "{{7*7}}", "${jndi:ldap://127.0.0.1/x}", "../../etc/passwd",
        "%00", "%s%s%s%n", "\\", "\"", "null", "true", "0", "-1", "1e308", "NaN",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "123456789012345678901234567890", "1.5", "-0.0", "1e308", "-1e308", "1e309", "1e-400", "4.9e-324", "1E+2",
    ];

    /// <summary>Any string: meaningful, hostile, random Unicode (control characters and lone surrogates included), or long.</summary>
    public static readonly Gen<string> String = Gen.Frequency(
        (3, Gen.OneOf(Meaningful)),
        (3, Gen.OneOf(Hostile)),
        (3, Gen.String[Gen.Char, 0, 40]),
        (2, Gen.String[Gen.Char['\u0000', '\u00ff'], 0, 40]),
        (1, Gen.Select(Gen.OneOf(Hostile), Gen.Int[0, 3], (s, i) => s + new string('x', i) + s)),
        (1, Gen.Select(Gen.Char, Gen.OneOf(999, 1_000, 1_001, 5_000, 70_000, 300_000), (c, n) => new string(c, n))));

    public static readonly Gen<Json> Scalar = Gen.Frequency(
        (1, Gen.Const(Json.Null)),
        (1, Gen.OneOf<Json>(new Json.Literal("true"), new Json.Literal("false"))),
        (2, Gen.OneOf(Numbers).Select(n => (Json)new Json.Literal(n))),
        (1, Gen.Double.Select(d => (Json)new Json.Literal(double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "0"))),
        (5, String.Select(s => (Json)new Json.Str(s))));

    /// <summary>Any JSON value: scalars, arrays and objects nested a few levels, or nested far past any real activity.</summary>
    public static readonly Gen<Json> Value = Gen.Frequency(
        (12, Gen.Recursive<Json>((depth, value) => depth >= 4
            ? Scalar
            : Gen.Frequency(
                (6, Scalar),
                (1, value.Array[0, 4].Select(items => (Json)new Json.Arr(items))),
                (2, Gen.Select(Gen.Frequency((3, Gen.OneOf(ActivityShape.Names)), (1, String)), value).Array[0, 4]
                    .Select(members => (Json)new Json.Obj(members.Select(m => KeyValuePair.Create(m.Item1, m.Item2)).ToList())))))),
        (1, Gen.Select(Gen.Int[20, 2_000], Gen.Bool, (depth, inObjects) => Nested(depth, inObjects))));

    private static Json Nested(int depth, bool inObjects)
    {
        Json value = Json.Null;
        for (var i = 0; i < depth; i++)
        {
            value = inObjects ? new Json.Obj(("id", value)) : new Json.Arr([value]);
        }

        return value;
    }
}
