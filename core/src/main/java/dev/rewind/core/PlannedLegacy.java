package dev.rewind.core;

import java.util.Arrays;
import org.bytedeco.javacpp.LongPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.TransformOp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSet;
import org.nd4j.linalg.cpu.nativecpu.buffer.BaseCpuDataBuffer;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.OpaqueDataBuffer;

/**
 * A legacy (transform, scalar) op object, reused with its scalar operand. Element-wise
 * transforms and scalar ops are replayed by calling their native kernel directly with the
 * buffers' saved pointers; ND4J's executioner would rebuild the extra-argument buffer and
 * re-derive every pointer on each call (about half the cost of a small op).
 */
final class PlannedLegacy extends Plan.Entry {
  final Class<?> kind;
  final long argBits;
  final DataType dtype;
  final long[] shape;
  final INDArray[] z = new INDArray[1];
  Op op;
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
  private void prepareDirect() {
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
      ss = NativeBuffers.shapeInfo(s.scalar());
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

  /** The recording run: through ND4J's executioner, then set up for direct replays. */
  void first() {
    org.nd4j.linalg.factory.Nd4j.getExecutioner().exec(op);
    prepareDirect();
  }

  /** A replay on {@code x} into {@code z}, either of which may be another array than last step's. */
  void replay(INDArray x, INDArray z, NativeOps nat) {
    if (op.x() != x) {
      op.setX(x);
    }
    if (op.z() != z) {
      op.setZ(z);
    }
    execDirect(nat);
  }

  /** Runs the kernel on {@code op.x()} into {@code op.z()} through the saved pointers. */
  private void execDirect(NativeOps nat) {
    if (direct == null) {
      org.nd4j.linalg.factory.Nd4j.getExecutioner().exec(op);
      return;
    }
    if (pointersOfX != op.x()) {
      pointersOfX = op.x();
      xb = NativeBuffers.opaque(pointersOfX);
      xs = NativeBuffers.shapeInfo(pointersOfX);
    }
    if (pointersOfZ != op.z()) {
      pointersOfZ = op.z();
      zb = NativeBuffers.opaque(pointersOfZ);
      zs = NativeBuffers.shapeInfo(pointersOfZ);
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

  /**
   * What the factory captured when this entry was recorded ({@link Captures}), compared on each
   * replay: the same lambda class with another captured value builds another op.
   */
  private long[] capturedBits;
  private Object[] capturedRefs;

  PlannedLegacy(Object make, Captures captures, double arg, INDArray x) {
    this(make.getClass(), arg, x);
    if (!captures.none()) {
      capturedBits = captures.bits(make);
      capturedRefs = captures.refs(make);
    }
  }

  private PlannedLegacy(Class<?> kind, double arg, INDArray x) {
    this.kind = kind;
    this.argBits = Double.doubleToRawLongBits(arg);
    this.dtype = x.dataType();
    this.shape = x.shape().clone();
  }

  /** Fills {@code z} with {@code v} in place; {@code z} belongs to the allocation before it. */
  static PlannedLegacy fill(INDArray z, double v) {
    PlannedLegacy l = new PlannedLegacy(ScalarSet.class, v, z);
    l.op = new ScalarSet(z, null, z, v);
    l.z[0] = null; // not owned: nothing to hand out or free
    return l;
  }

  boolean matchesFill(DataType d, long[] s, double v) {
    return kind == ScalarSet.class && argBits == Double.doubleToRawLongBits(v) && dtype == d
        && Arrays.equals(shape, s);
  }

  /** {@code captures} is that of {@code make}'s class (so of this entry's when the classes agree). */
  boolean matches(Object make, Captures captures, double arg, INDArray x) {
    return kind == make.getClass() && argBits == Double.doubleToRawLongBits(arg)
        && Plan.sameSignature(x, dtype, shape)
        && (capturedBits == null || captures.same(make, capturedBits, capturedRefs));
  }

  @Override
  INDArray[] owned() {
    return z;
  }

  @Override
  void dispose(Plans plans) {
    super.dispose(plans);
    NativeMemory.releaseScalarOperand(op);
    op = null;
    pointersOfX = null;
    pointersOfZ = null;
    extraBuf = null;
  }
}
