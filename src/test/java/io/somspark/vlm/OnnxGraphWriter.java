package io.somspark.vlm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models (opset 17, IR 8) from Java for tests: the protobuf wire format of
 * ModelProto / GraphProto / NodeProto / TensorProto / ValueInfoProto by hand (field numbers from
 * onnx.proto), so a test can build a graph with known weights without Python.
 */
final class OnnxGraphWriter {
  static final int FLOAT = 1;
  static final int INT64 = 7;
  static final int BOOL = 9;

  private final List<Msg> nodes = new ArrayList<>();
  private final List<Msg> initializers = new ArrayList<>();
  private final List<Msg> inputs = new ArrayList<>();
  private final List<Msg> outputs = new ArrayList<>();
  private int nodeCount;

  /** A protobuf message under construction. */
  static final class Msg {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void tag(int field, int wire) {
      raw((long) field << 3 | wire);
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    Msg varint(int field, long v) {
      tag(field, 0);
      raw(v);
      return this;
    }

    Msg bytes(int field, byte[] b) {
      tag(field, 2);
      raw(b.length);
      out.writeBytes(b);
      return this;
    }

    Msg string(int field, String s) {
      return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Msg msg(int field, Msg m) {
      return bytes(field, m.toBytes());
    }

    Msg float32(int field, float f) {
      tag(field, 5);
      int bits = Float.floatToIntBits(f);
      for (int i = 0; i < 4; i++) {
        out.write(bits >>> (8 * i) & 0xff);
      }
      return this;
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }

  /** A graph input; dims are Long/Integer (fixed) or String (symbolic). */
  OnnxGraphWriter input(String name, int elemType, Object... dims) {
    inputs.add(valueInfo(name, elemType, dims));
    return this;
  }

  OnnxGraphWriter output(String name, int elemType, Object... dims) {
    outputs.add(valueInfo(name, elemType, dims));
    return this;
  }

  OnnxGraphWriter node(String op, List<String> in, List<String> out, Msg... attributes) {
    Msg n = new Msg();
    in.forEach(s -> n.string(1, s));
    out.forEach(s -> n.string(2, s));
    n.string(3, op + "_" + nodeCount++);
    n.string(4, op);
    for (Msg a : attributes) {
      n.msg(5, a);
    }
    nodes.add(n);
    return this;
  }

  OnnxGraphWriter floats(String name, long[] dims, float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    initializers.add(tensor(name, FLOAT, dims, b.array()));
    return this;
  }

  OnnxGraphWriter longs(String name, long[] dims, long... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    initializers.add(tensor(name, INT64, dims, b.array()));
    return this;
  }

  static Msg intAttr(String name, long v) {
    return new Msg().string(1, name).varint(3, v).varint(20, 2);
  }

  static Msg intsAttr(String name, long... v) {
    Msg m = new Msg().string(1, name);
    for (long x : v) {
      m.varint(8, x);
    }
    return m.varint(20, 7);
  }

  static Msg floatAttr(String name, float v) {
    return new Msg().string(1, name).float32(2, v).varint(20, 1);
  }

  static Msg tensor(String name, int type, long[] dims, byte[] raw) {
    Msg t = new Msg();
    for (long d : dims) {
      t.varint(1, d);
    }
    t.varint(2, type);
    t.string(8, name);
    t.bytes(9, raw);
    return t;
  }

  private static Msg valueInfo(String name, int elemType, Object... dims) {
    Msg shape = new Msg();
    for (Object d : dims) {
      Msg dim = new Msg();
      if (d instanceof String s) {
        dim.string(2, s);
      } else {
        dim.varint(1, ((Number) d).longValue());
      }
      shape.msg(1, dim);
    }
    Msg tensorType = new Msg().varint(1, elemType).msg(2, shape);
    Msg type = new Msg().msg(1, tensorType);
    return new Msg().string(1, name).msg(2, type);
  }

  /** The serialized ModelProto. */
  byte[] toModel(String graphName) {
    Msg g = new Msg();
    nodes.forEach(n -> g.msg(1, n));
    g.string(2, graphName);
    initializers.forEach(t -> g.msg(5, t));
    inputs.forEach(v -> g.msg(11, v));
    outputs.forEach(v -> g.msg(12, v));
    Msg opset = new Msg().string(1, "").varint(2, 17);
    return new Msg().varint(1, 8).string(2, "somspark-test").msg(7, g).msg(8, opset).toBytes();
  }
}
