package dev.rewind.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSet;
import org.nd4j.linalg.api.ops.TransformOp;
import org.nd4j.linalg.cpu.nativecpu.buffer.BaseCpuDataBuffer;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.OpaqueDataBuffer;
import org.bytedeco.javacpp.LongPointer;

/**
 * The recorded ND4J calls of one training step, replayed by the next step that makes the same
 * calls (see {@link Replay}). A plan is a list of entries, one per allocating call the
 * {@link Executor} made during the step: an allocation, a declarable op with its own
 * {@link OpContext}, or a legacy op object. Each entry owns the arrays it allocated; the next step
 * gets the same arrays back instead of new ones.
 *
 * <p>Matching is by position: the k-th call of a step is compared with the k-th entry (op, argument
 * values, input dtypes and shapes). The first call that differs truncates the plan there (freeing
 * the entries after it, whose arrays no tensor of this step holds yet) and the rest of the step is
 * recorded anew, so a change of sequence or shapes costs one ordinary step.
 */
final class Plan {
  /** A step longer than this is planned only up to here (a tape left open would grow forever). */
  static final int MAX_ENTRIES = 1 << 16;

  final String site;
  final List<Entry> entries = new ArrayList<>();
  private int cursor;
  private boolean recording = true;
  long replayedCalls;
  long recordedCalls;

  Plan(String site) {
    this.site = site;
  }

  void begin() {
    cursor = 0;
    recording = entries.isEmpty();
  }

  /** The entry the next call should match, or null when recording. */
  Entry peek() {
    return recording || cursor >= entries.size() ? null : entries.get(cursor);
  }

  /** The call matched {@link #peek()}. */
  void advance() {
    cursor++;
    replayedCalls++;
  }

  /**
   * The call did not match: drops the entries from here on (their arrays are not in use in this
   * step) and records from here. Returns false when the plan is full (plan nothing more).
   */
  boolean diverge(Executor ex) {
    if (!recording) {
      for (int i = entries.size() - 1; i >= cursor; i--) {
        entries.remove(i).dispose(ex);
      }
      recording = true;
    }
    return entries.size() < MAX_ENTRIES;
  }

  void append(Entry e) {
    entries.add(e);
    cursor++;
    recordedCalls++;
  }

  void dispose(Executor ex) {
    for (Entry e : entries) {
      e.dispose(ex);
    }
    entries.clear();
  }

  static boolean sameSignature(INDArray a, DataType dtype, long[] shape) {
    return a.dataType() == dtype && Arrays.equals(a.shape(), shape);
  }

  /** One recorded call. */
  abstract static class Entry {
    /** The arrays this entry allocated and hands out again on replay (null slots: escaped). */
    abstract INDArray[] owned();

    /** An owned array escaped the step (a kept tensor): allocate a new one on the next replay. */
    void detach(INDArray a) {
      INDArray[] o = owned();
      for (int i = 0; i < o.length; i++) {
        if (o[i] == a) {
          o[i] = null;
        }
      }
    }

    void dispose(Executor ex) {
      INDArray[] o = owned();
      for (int i = 0; i < o.length; i++) {
        if (o[i] != null) {
          ex.unregister(o[i]);
          NativeMemory.release(o[i]);
          o[i] = null;
        }
      }
    }
  }

  /** {@code alloc(dtype, shape)}. */
  static final class Alloc extends Entry {
    final DataType dtype;
    final long[] shape;
    final INDArray[] array = new INDArray[1];

    Alloc(DataType dtype, long[] shape) {
      this.dtype = dtype;
      this.shape = shape;
    }

    boolean matches(DataType d, long[] s) {
      return dtype == d && Arrays.equals(shape, s);
    }

    @Override
    INDArray[] owned() {
      return array;
    }
  }

  /** A reshaped view of a c-ordered array: kept while the source array is the same object. */
  static final class View extends Entry {
    final DataType dtype;
    final long[] from;
    final long[] to;
    INDArray source;
    INDArray view;

    View(INDArray source, long[] to) {
      this.dtype = source.dataType();
      this.from = source.shape().clone();
      this.to = to.clone();
    }

    boolean matches(INDArray src, long[] shape) {
      return Arrays.equals(to, shape) && sameSignature(src, dtype, from);
    }

    @Override
    INDArray[] owned() {
      return NONE;
    }

    @Override
    void dispose(Executor ex) {
      source = null;
      view = null;
    }
  }

  private static final INDArray[] NONE = new INDArray[0];

  /** A declarable op with its own context, arguments set once. */
  static final class Custom extends Entry {
    final String name;
    final long[] iArgs;
    final double[] tArgs;
    final boolean[] bArgs;
    final DataType[] inTypes;
    final long[][] inShapes;
    /** Output shapes when the caller passes outputs; null when this entry allocates them. */
    final long[][] outShapes;
    final DataType[] outTypes;
    /** The outputs this entry allocated from the op's shape function (empty otherwise). */
    final INDArray[] ownOutputs;
    final DynamicCustomOp op;
    final OpContext ctx;
    final long ctxKey;
    /** The shapes of {@link #ownOutputs}, to allocate one again after it escaped. */
    List<org.nd4j.linalg.api.shape.LongShapeDescriptor> ownShapes;
    INDArray[] lastIn;
    INDArray[] lastOut;

    Custom(String name, INDArray[] inputs, INDArray[] outputs, long[] iArgs, double[] tArgs,
        boolean[] bArgs, DynamicCustomOp op, OpContext ctx, long ctxKey, INDArray[] ownOutputs) {
      this.name = name;
      this.iArgs = iArgs == null ? null : iArgs.clone();
      this.tArgs = tArgs == null ? null : tArgs.clone();
      this.bArgs = bArgs == null ? null : bArgs.clone();
      this.inTypes = new DataType[inputs.length];
      this.inShapes = new long[inputs.length][];
      for (int i = 0; i < inputs.length; i++) {
        inTypes[i] = inputs[i].dataType();
        inShapes[i] = inputs[i].shape().clone();
      }
      if (outputs != null) {
        outTypes = new DataType[outputs.length];
        outShapes = new long[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
          outTypes[i] = outputs[i].dataType();
          outShapes[i] = outputs[i].shape().clone();
        }
      } else {
        outTypes = null;
        outShapes = null;
      }
      this.op = op;
      this.ctx = ctx;
      this.ctxKey = ctxKey;
      this.ownOutputs = ownOutputs;
    }

    boolean matches(String n, INDArray[] inputs, INDArray[] outputs, long[] i, double[] t, boolean[] b) {
      if (!name.equals(n) || inputs.length != inShapes.length || (outputs == null) != (outShapes == null)
          || !sameArgs(iArgs, i) || !Arrays.equals(tArgs == null ? EMPTY_D : tArgs, t == null ? EMPTY_D : t)
          || !Arrays.equals(bArgs == null ? EMPTY_B : bArgs, b == null ? EMPTY_B : b)) {
        return false;
      }
      for (int k = 0; k < inputs.length; k++) {
        if (!sameSignature(inputs[k], inTypes[k], inShapes[k])) {
          return false;
        }
      }
      if (outputs != null) {
        if (outputs.length != outShapes.length) {
          return false;
        }
        for (int k = 0; k < outputs.length; k++) {
          if (!sameSignature(outputs[k], outTypes[k], outShapes[k])) {
            return false;
          }
        }
      }
      return true;
    }

    @Override
    INDArray[] owned() {
      return ownOutputs;
    }

    @Override
    void dispose(Executor ex) {
      super.dispose(ex);
      ex.recycle(ctxKey, ctx);
    }
  }

  /**
   * A legacy (transform, scalar) op object, reused with its scalar operand. Element-wise
   * transforms and scalar ops are replayed by calling their native kernel directly with the
   * buffers' saved pointers; ND4J's executioner would rebuild the extra-argument buffer and
   * re-derive every pointer on each call (about half the cost of a small op).
   */
  static final class Legacy extends Entry {
    final Class<?> kind;
    final long argBits;
    final DataType dtype;
    final long[] shape;
    final INDArray[] z = new INDArray[1];
    Op op;
    INDArray lastX;
    /** How the native kernel is called directly, or null to go through the executioner. */
    Op.Type direct;
    private org.nd4j.linalg.api.buffer.DataBuffer extraBuf;
    private org.bytedeco.javacpp.Pointer extra;
    private OpaqueDataBuffer xb;
    private LongPointer xs;
    private OpaqueDataBuffer zb;
    private LongPointer zs;
    private OpaqueDataBuffer sb;
    private LongPointer ss;
    private INDArray pointersOfX;
    private INDArray pointersOfZ;

    /** After the first (ordinary) run of {@link #op}: decide whether replays call the kernel directly. */
    void prepareDirect() {
      // The instance's own type: the static BaseOp.getOpType calls every transform TRANSFORM_FLOAT.
      Op.Type t = op instanceof TransformOp tr ? tr.getOpType()
          : op instanceof ScalarOp sc ? sc.getOpType() : null;
      boolean unary = op.y() == null && op.x() != null && op.z() != null
          && op.x().data() instanceof BaseCpuDataBuffer && op.z().dataType() == op.x().dataType();
      if (!unary) {
        return;
      }
      if (t == Op.Type.SCALAR && op instanceof ScalarOp s && s.dimensions() == null && s.scalar() != null
          && s.scalar().data() instanceof BaseCpuDataBuffer b) {
        sb = b.getOpaqueDataBuffer();
        ss = (LongPointer) s.scalar().shapeInfoDataBuffer().addressPointer();
      } else if (t != Op.Type.TRANSFORM_STRICT && t != Op.Type.TRANSFORM_SAME
          && t != Op.Type.TRANSFORM_FLOAT && t != Op.Type.TRANSFORM_ANY) {
        return;
      }
      if (op.extraArgs() != null) {
        extraBuf = op.extraArgsDataBuff(op.z().dataType());
        extra = extraBuf == null ? null : extraBuf.addressPointer();
      }
      direct = t;
    }

    /** Runs the kernel on {@code op.x()} into {@code op.z()} through the saved pointers. */
    void execDirect(NativeOps nat) {
      if (direct == null) {
        org.nd4j.linalg.factory.Nd4j.getExecutioner().exec(op);
        return;
      }
      if (pointersOfX != op.x()) {
        pointersOfX = op.x();
        xb = ((BaseCpuDataBuffer) pointersOfX.data()).getOpaqueDataBuffer();
        xs = (LongPointer) pointersOfX.shapeInfoDataBuffer().addressPointer();
      }
      if (pointersOfZ != op.z()) {
        pointersOfZ = op.z();
        zb = ((BaseCpuDataBuffer) pointersOfZ.data()).getOpaqueDataBuffer();
        zs = (LongPointer) pointersOfZ.shapeInfoDataBuffer().addressPointer();
      }
      int n = op.opNum();
      switch (direct) {
        case SCALAR -> nat.execScalar(null, n, xb, xs, null, zb, zs, null, sb, ss, null, extra);
        case TRANSFORM_STRICT -> nat.execTransformStrict(null, n, xb, xs, null, zb, zs, null, extra);
        case TRANSFORM_SAME -> nat.execTransformSame(null, n, xb, xs, null, zb, zs, null, extra);
        case TRANSFORM_FLOAT -> nat.execTransformFloat(null, n, xb, xs, null, zb, zs, null, extra);
        default -> nat.execTransformAny(null, n, xb, xs, null, zb, zs, null, extra);
      }
      if (nat.lastErrorCode() != 0) {
        throw new IllegalStateException("native op '" + op.opName() + "' failed: " + nat.lastErrorMessage());
      }
    }

    Legacy(BiFunction<?, ?, ?> make, double arg, INDArray x) {
      this(make.getClass(), arg, x);
    }

    private Legacy(Class<?> kind, double arg, INDArray x) {
      this.kind = kind;
      this.argBits = Double.doubleToRawLongBits(arg);
      this.dtype = x.dataType();
      this.shape = x.shape().clone();
    }

    /** Fills {@code z} with {@code v} in place; {@code z} belongs to the allocation before it. */
    static Legacy fill(INDArray z, double v) {
      Legacy l = new Legacy(ScalarSet.class, v, z);
      l.op = new ScalarSet(z, null, z, v);
      l.lastX = z;
      l.z[0] = null; // not owned: nothing to hand out or free
      return l;
    }

    boolean matchesFill(DataType d, long[] s, double v) {
      return kind == ScalarSet.class && argBits == Double.doubleToRawLongBits(v) && dtype == d
          && Arrays.equals(shape, s);
    }

    boolean matches(BiFunction<?, ?, ?> make, double arg, INDArray x) {
      return kind == make.getClass() && argBits == Double.doubleToRawLongBits(arg)
          && sameSignature(x, dtype, shape);
    }

    @Override
    INDArray[] owned() {
      return z;
    }

    @Override
    void dispose(Executor ex) {
      super.dispose(ex);
      if (op instanceof org.nd4j.linalg.api.ops.ScalarOp s && op.y() == null) {
        INDArray c = s.scalar();
        if (c != null && c != op.x() && c != op.z()) {
          NativeMemory.release(c);
        }
      }
      op = null;
      lastX = null;
      pointersOfX = null;
      pointersOfZ = null;
      extraBuf = null;
    }
  }

  private static final double[] EMPTY_D = new double[0];
  private static final boolean[] EMPTY_B = new boolean[0];

  private static boolean sameArgs(long[] a, long[] b) {
    return Arrays.equals(a == null ? EMPTY_L : a, b == null ? EMPTY_L : b);
  }

  private static final long[] EMPTY_L = new long[0];
}
