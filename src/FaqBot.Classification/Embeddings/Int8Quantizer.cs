using System.Buffers.Binary;
using System.Text;

namespace FaqBot.Classification.Embeddings;

/// <summary>
/// Rewrites an fp32 ONNX model so that every MatMul by a constant weight matrix runs in int8: the weights quantised
/// per column (symmetric, zero point 0, scale = the column's largest magnitude / 127), the activations quantised per
/// run (<c>DynamicQuantizeLinear</c>). This is the graph ONNX Runtime's own dynamic quantisation writes
/// (DynamicQuantizeLinear, MatMulInteger, Cast, Mul), which its optimiser fuses into one int8 kernel; the sentence
/// model's run costs about a third of the fp32 one. Deterministic: the same model bytes give the same output bytes, so
/// the file's SHA-256 names what was evaluated. Only the fields it rewrites are parsed; every other field of the
/// model is copied through as it is.
/// </summary>
public static class Int8Quantizer
{
    /// <summary>Changes whenever the output would: part of the model file's name, so an older file is never loaded.</summary>
    public const string Version = "int8-v1";

    private const int FloatType = 1;
    private const int Int8Type = 3;
    private const int IntAttribute = 2; // AttributeProto.INT, the type of Cast's "to"
    private const int MinimumOpset = 11; // DynamicQuantizeLinear

    /// <summary>The model with its constant MatMul weights in int8; throws on a model it cannot rewrite.</summary>
    /// <remarks>
    /// What is kept is written straight from <paramref name="model"/> (no copies of its 90 MB), so the rewrite needs
    /// about the output's size beside the input.
    /// </remarks>
    public static byte[] Quantize(ReadOnlyMemory<byte> model)
    {
        var output = new ProtoWriter(model.Length);
        var sawGraph = false;
        foreach (var field in ProtoReader.Fields(model.Span))
        {
            switch (field.Number)
            {
                case 7: // ModelProto.graph
                    output.Bytes(7, QuantizeGraph(field.Payload(model)));
                    sawGraph = true;
                    break;
                case 8: // ModelProto.opset_import
                    CheckOpset(field.Payload(model).Span);
                    output.Raw(field.Whole(model).Span);
                    break;
                default:
                    output.Raw(field.Whole(model).Span);
                    break;
            }
        }

        return sawGraph ? output.ToArray() : throw new InvalidDataException("The ONNX model has no graph.");
    }

    private static void CheckOpset(ReadOnlySpan<byte> opset)
    {
        var domain = "";
        long version = 0;
        foreach (var field in ProtoReader.Fields(opset))
        {
            if (field.Number == 1)
            {
                domain = Encoding.UTF8.GetString(field.Payload(opset));
            }
            else if (field.Number == 2)
            {
                version = field.Varint;
            }
        }

        if (domain is "" or "ai.onnx" && version < MinimumOpset)
        {
            throw new InvalidDataException($"The ONNX model's opset is {version}; int8 quantisation needs {MinimumOpset} or later.");
        }
    }

    /// <summary>The rewritten graph as the pieces of its payload, in order: slices of the input where nothing changes.</summary>
    private static List<ReadOnlyMemory<byte>> QuantizeGraph(ReadOnlyMemory<byte> graph)
    {
        var nodes = new List<Node>();
        var initializers = new List<(string Name, ReadOnlyMemory<byte> Whole)>();
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var rest = new List<ReadOnlyMemory<byte>>();
        var inputs = new List<(string Name, ReadOnlyMemory<byte> Whole)>();
        foreach (var field in ProtoReader.Fields(graph.Span))
        {
            switch (field.Number)
            {
                case 1:
                    nodes.Add(Node.Parse(field.Payload(graph)));
                    break;
                case 5:
                    var tensor = Tensor.Parse(field.Payload(graph));
                    initializers.Add((tensor.Name, field.Whole(graph)));
                    if (tensor is { DataType: FloatType, Dims.Length: 2 })
                    {
                        weights[tensor.Name] = tensor;
                    }

                    break;
                case 11: // graph inputs: old exports list initializers here too
                    inputs.Add((ValueName(field.Payload(graph).Span), field.Whole(graph)));
                    break;
                default:
                    rest.Add(field.Whole(graph));
                    break;
            }
        }

        var uses = nodes.SelectMany(n => n.Inputs).GroupBy(i => i, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rewritten = new List<ReadOnlyMemory<byte>>();
        var added = new List<byte[]>();
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        var quantizedInputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node is not { OpType: "MatMul", Domain: "", Inputs.Count: 2 } || !weights.TryGetValue(node.Inputs[1], out var weight))
            {
                rewritten.Add(node.Whole);
                continue;
            }

            var (a, w, y) = (node.Inputs[0], weight.Name, node.Outputs[0]);
            var (aq, aScale, aZero) = ($"{a}_quantized", $"{a}_scale", $"{a}_zero_point");
            if (quantizedInputs.Add(a))
            {
                rewritten.Add(Node.Write("DynamicQuantizeLinear", $"{a}_QuantizeLinear", [a], [aq, aScale, aZero]));
            }

            var (wq, wScale, wZero) = ($"{w}_quantized", $"{w}_scale", $"{w}_zero_point");
            if (replaced.Add(w))
            {
                added.AddRange(QuantizeWeight(weight, wq, wScale, wZero));
            }

            var name = node.Name.Length > 0 ? node.Name : y;
            rewritten.Add(Node.Write("MatMulInteger", $"{name}_quant", [aq, wq, aZero, wZero], [$"{y}_output_quantized"]));
            rewritten.Add(Node.Write("Cast", $"{name}_output_quantized_cast", [$"{y}_output_quantized"], [$"{y}_output_quantized_cast_output"], castTo: FloatType));
            rewritten.Add(Node.Write("Mul", $"{name}_scales_mul", [aScale, wScale], [$"{y}_scales_mul_output"]));
            rewritten.Add(Node.Write("Mul", $"{name}_output_scale_mul", [$"{y}_output_quantized_cast_output", $"{y}_scales_mul_output"], [y]));
            uses[w]--;
        }

        // An fp32 weight no node reads any more leaves the graph (and its inputs, where an old export lists it).
        var dropped = replaced.Where(w => uses[w] == 0).ToHashSet(StringComparer.Ordinal);
        var pieces = new List<ReadOnlyMemory<byte>>();
        pieces.AddRange(rewritten.SelectMany(n => new ReadOnlyMemory<byte>[] { ProtoWriter.FieldHeader(1, n.Length), n }));
        pieces.AddRange(rest);
        pieces.AddRange(initializers.Where(i => !dropped.Contains(i.Name)).Select(i => i.Whole));
        pieces.AddRange(added.SelectMany(t => new ReadOnlyMemory<byte>[] { ProtoWriter.FieldHeader(5, t.Length), t }));
        pieces.AddRange(inputs.Where(i => !dropped.Contains(i.Name)).Select(i => i.Whole));
        return pieces;
    }

    /// <summary>The weight as int8 per column (round half to even, clamped to +-127), its zero points and its scales.</summary>
    private static byte[][] QuantizeWeight(Tensor weight, string quantized, string scaleName, string zeroName)
    {
        var (rows, columns) = ((int)weight.Dims[0], (int)weight.Dims[1]);
        var values = weight.Floats();
        var scales = new float[columns];
        for (var c = 0; c < columns; c++)
        {
            var largest = 0f;
            for (var r = 0; r < rows; r++)
            {
                largest = MathF.Max(largest, MathF.Abs(values[(r * columns) + c]));
            }

            scales[c] = largest > 0 ? largest / 127f : 1f;
        }

        var data = new byte[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var q = MathF.Round(values[(r * columns) + c] / scales[c], MidpointRounding.ToEven);
                data[(r * columns) + c] = unchecked((byte)(sbyte)Math.Clamp(q, -127f, 127f));
            }
        }

        var scaleBytes = new byte[columns * sizeof(float)];
        for (var c = 0; c < columns; c++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(scaleBytes.AsSpan(c * sizeof(float)), scales[c]);
        }

        return
        [
            Tensor.Write(quantized, Int8Type, [rows, columns], data),
            Tensor.Write(scaleName, FloatType, [columns], scaleBytes),
            Tensor.Write(zeroName, Int8Type, [columns], new byte[columns]),
        ];
    }

    private static string ValueName(ReadOnlySpan<byte> valueInfo)
    {
        foreach (var field in ProtoReader.Fields(valueInfo))
        {
            if (field.Number == 1)
            {
                return Encoding.UTF8.GetString(field.Payload(valueInfo));
            }
        }

        return "";
    }

    /// <summary>The NodeProto fields the rewrite reads: inputs (1), outputs (2), name (3), op type (4), domain (7).</summary>
    private sealed record Node(List<string> Inputs, List<string> Outputs, string Name, string OpType, string Domain, ReadOnlyMemory<byte> Whole)
    {
        public static Node Parse(ReadOnlyMemory<byte> whole)
        {
            var node = whole.Span;
            var (inputs, outputs, name, op, domain) = (new List<string>(), new List<string>(), "", "", "");
            foreach (var field in ProtoReader.Fields(node))
            {
                var text = field.WireType == 2 ? Encoding.UTF8.GetString(field.Payload(node)) : "";
                switch (field.Number)
                {
                    case 1: inputs.Add(text); break;
                    case 2: outputs.Add(text); break;
                    case 3: name = text; break;
                    case 4: op = text; break;
                    case 7: domain = text; break;
                }
            }

            return new Node(inputs, outputs, name, op, domain, whole);
        }

        public static byte[] Write(string op, string name, string[] inputs, string[] outputs, int? castTo = null)
        {
            var w = new ProtoWriter();
            foreach (var input in inputs)
            {
                w.String(1, input);
            }

            foreach (var output in outputs)
            {
                w.String(2, output);
            }

            w.String(3, name);
            w.String(4, op);
            if (castTo is { } to)
            {
                var attribute = new ProtoWriter();
                attribute.String(1, "to");
                attribute.Varint(3, to);
                attribute.Varint(20, IntAttribute);
                w.Bytes(5, attribute.ToArray());
            }

            return w.ToArray();
        }
    }

    /// <summary>The TensorProto fields the rewrite reads: dims (1), data type (2), float data (4), name (8), raw data (9).</summary>
    private sealed record Tensor(string Name, int DataType, long[] Dims, ReadOnlyMemory<byte> Data)
    {
        public static Tensor Parse(ReadOnlyMemory<byte> whole)
        {
            var tensor = whole.Span;
            var (name, type, dims) = ("", 0, new List<long>());
            var data = ReadOnlyMemory<byte>.Empty;
            foreach (var field in ProtoReader.Fields(tensor))
            {
                switch (field.Number)
                {
                    case 1 when field.WireType == 0:
                        dims.Add(field.Varint);
                        break;
                    case 1: // packed
                        dims.AddRange(ProtoReader.PackedVarints(field.Payload(tensor)));
                        break;
                    case 2:
                        type = (int)field.Varint;
                        break;
                    case 4 or 9 when field.WireType == 2: // packed float_data, or raw_data: both little-endian floats
                        data = field.Payload(whole);
                        break;
                    case 8:
                        name = Encoding.UTF8.GetString(field.Payload(tensor));
                        break;
                    case 13 or 14: // external data: not this model's form
                        throw new InvalidDataException("ONNX models with external data are not supported.");
                }
            }

            return new Tensor(name, type, dims.ToArray(), data);
        }

        public float[] Floats()
        {
            var bytes = Data.Span;
            var values = new float[bytes.Length / sizeof(float)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }

            return values.Length == Dims.Aggregate(1L, (a, d) => a * d)
                ? values
                : throw new InvalidDataException($"The ONNX model's tensor {Name} holds {values.Length} numbers for dimensions {string.Join(" x ", Dims)}.");
        }

        public static byte[] Write(string name, int type, long[] dims, byte[] raw)
        {
            var w = new ProtoWriter();
            foreach (var d in dims)
            {
                w.Varint(1, d);
            }

            w.Varint(2, type);
            w.String(8, name);
            w.Bytes(9, raw);
            return w.ToArray();
        }
    }
}

/// <summary>One field of a protobuf message: where its tag starts, where its payload is, and its varint value.</summary>
internal readonly record struct ProtoField(int Number, int WireType, int Start, int PayloadStart, int End, long Varint)
{
    public ReadOnlySpan<byte> Whole(ReadOnlySpan<byte> message) => message[Start..End];

    public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> message) => message[PayloadStart..End];

    public ReadOnlyMemory<byte> Whole(ReadOnlyMemory<byte> message) => message[Start..End];

    public ReadOnlyMemory<byte> Payload(ReadOnlyMemory<byte> message) => message[PayloadStart..End];
}

/// <summary>The protobuf wire format, read field by field (https://protobuf.dev/programming-guides/encoding/).</summary>
internal static class ProtoReader
{
    public static List<ProtoField> Fields(ReadOnlySpan<byte> message)
    {
        var fields = new List<ProtoField>();
        var at = 0;
        while (at < message.Length)
        {
            var start = at;
            var tag = ReadVarint(message, ref at);
            var (number, wire) = ((int)(tag >> 3), (int)(tag & 7));
            long value = 0;
            int payload;
            switch (wire)
            {
                case 0:
                    payload = at;
                    value = ReadVarint(message, ref at);
                    break;
                case 1:
                    payload = at;
                    at += 8;
                    break;
                case 2:
                    var length = checked((int)ReadVarint(message, ref at));
                    payload = at;
                    at += length;
                    break;
                case 5:
                    payload = at;
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wire} at byte {start}.");
            }

            if (at > message.Length || number == 0)
            {
                throw new InvalidDataException($"The ONNX model is truncated or damaged at byte {start}.");
            }

            fields.Add(new ProtoField(number, wire, start, payload, at, value));
        }

        return fields;
    }

    public static List<long> PackedVarints(ReadOnlySpan<byte> bytes)
    {
        var values = new List<long>();
        var at = 0;
        while (at < bytes.Length)
        {
            values.Add(ReadVarint(bytes, ref at));
        }

        return values;
    }

    private static long ReadVarint(ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= bytes.Length)
            {
                throw new InvalidDataException("The ONNX model ends inside a number.");
            }

            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (long)value;
            }
        }

        throw new InvalidDataException("The ONNX model has a number longer than 64 bits.");
    }
}

/// <summary>Writes protobuf fields (https://protobuf.dev/programming-guides/encoding/).</summary>
internal sealed class ProtoWriter(int capacity = 0)
{
    private readonly MemoryStream _stream = new(capacity);

    /// <summary>The tag and length that open a length-delimited field of <paramref name="length"/> bytes.</summary>
    public static byte[] FieldHeader(int number, int length)
    {
        var header = new ProtoWriter();
        header.Header(number, length);
        return header.ToArray();
    }

    /// <summary>A length-delimited field whose payload is the pieces, in order.</summary>
    public void Bytes(int number, IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        Header(number, pieces.Sum(p => (long)p.Length));
        foreach (var piece in pieces)
        {
            _stream.Write(piece.Span);
        }
    }

    public void Raw(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    public void Varint(int number, long value)
    {
        WriteVarint((ulong)number << 3);
        WriteVarint((ulong)value);
    }

    public void String(int number, string value) => Bytes(number, Encoding.UTF8.GetBytes(value));

    public void Bytes(int number, ReadOnlySpan<byte> payload)
    {
        Header(number, payload.Length);
        _stream.Write(payload);
    }

    public byte[] ToArray() => _stream.ToArray();

    /// <summary>The tag of a length-delimited field and its payload's length.</summary>
    private void Header(int number, long length)
    {
        WriteVarint(((ulong)number << 3) | 2);
        WriteVarint((ulong)length);
    }

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _stream.WriteByte((byte)value);
    }
}
