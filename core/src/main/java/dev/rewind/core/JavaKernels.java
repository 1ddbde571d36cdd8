package dev.rewind.core;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise loops that run in Java over an array's values, copied chunk by chunk from native
 * memory into this thread's scratch arrays and back; the JIT vectorises a plain loop over them.
 * {@code map} computes a new array from one or two ({@code tanh}, the scalar ops, the fused
 * activation VJPs); {@code update} rewrites up to three in place (the optimizers' one-pass rules).
 *
 * <p>Why: a small element-wise op in ND4J costs a JNI call, a native allocation or two and
 * OpenMP bookkeeping before its loop starts, and some of its loops are slow ({@code tanh} runs
 * through {@code powf} at about 8 ns per float, {@code sqrt} at about 4). A copy in, a vectorised
 * loop and a copy out cost less (measured: 1024 floats of tanh in 0.5 µs of loop against 8–9 µs
 * in ND4J; a scalar op on 1024 floats in about 0.18 µs, copies included); on large arrays both
 * are bound by memory, so only a loop ND4J runs slowly or a pass that replaces several of ND4J's
 * gains there. Only plain arrays qualify ({@link NativeBuffers#isPlain}); callers make a plain copy
 * of a view first or keep an ND4J path. Inputs and output may be the same array.
 */
public final class JavaKernels {
  /** Values per chunk: three chunks of floats or doubles stay within a core's L2 cache. */
  private static final int CHUNK = 1 << 12;
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private JavaKernels() {}

  /** {@code z[i] = f(x[i])} for {@code i < n} on float32 values. */
  @FunctionalInterface
  public interface FloatUnary {
    void apply(float[] x, float[] z, int n);
  }

  /** {@code z[i] = f(x[i])} for {@code i < n} on float64 values. */
  @FunctionalInterface
  public interface DoubleUnary {
    void apply(double[] x, double[] z, int n);
  }

  /** {@code z[i] = f(a[i], b[i])} for {@code i < n} on float32 values. */
  @FunctionalInterface
  public interface FloatBinary {
    void apply(float[] a, float[] b, float[] z, int n);
  }

  /** {@code z[i] = f(a[i], b[i])} for {@code i < n} on float64 values. */
  @FunctionalInterface
  public interface DoubleBinary {
    void apply(double[] a, double[] b, double[] z, int n);
  }

  /**
   * An in-place update of up to three arrays, {@code u}, {@code a} and {@code b} (an optimizer's
   * update and its moments), chunk by chunk in float32; {@code b} is a scratch chunk when the
   * caller passes no third array.
   */
  @FunctionalInterface
  public interface FloatUpdate {
    void apply(float[] u, float[] a, float[] b, int n);
  }

  /** As {@link FloatUpdate}, in float64. */
  @FunctionalInterface
  public interface DoubleUpdate {
    void apply(double[] u, double[] a, double[] b, int n);
  }

  /** Whether every array is a plain, non-empty array of {@code dtype} of one length. */
  public static boolean applies(DataType dtype, INDArray... arrays) {
    long n = arrays[0].length();
    if (n == 0) {
      return false;
    }
    for (INDArray a : arrays) {
      if (a.dataType() != dtype || a.length() != n || !NativeBuffers.isPlain(a)) {
        return false;
      }
    }
    return true;
  }

  /** Runs {@code k} from {@code x} into {@code z} (plain float32 arrays of one length); returns z. */
  public static INDArray map(INDArray x, INDArray z, FloatUnary k) {
    require(DataType.FLOAT, x, z);
    floatChunks(x, null, z, false, (a, b, out, n) -> k.apply(a, out, n));
    return z;
  }

  /** Runs {@code k} from {@code x} into {@code z} (plain float64 arrays of one length); returns z. */
  public static INDArray map(INDArray x, INDArray z, DoubleUnary k) {
    require(DataType.DOUBLE, x, z);
    doubleChunks(x, null, z, false, (a, b, out, n) -> k.apply(a, out, n));
    return z;
  }

  /** Runs {@code k} on {@code a, b} into {@code z} (plain float32 arrays of one length); returns z. */
  public static INDArray map(INDArray a, INDArray b, INDArray z, FloatBinary k) {
    require(DataType.FLOAT, a, b, z);
    floatChunks(a, b, z, false, k);
    return z;
  }

  /** Runs {@code k} on {@code a, b} into {@code z} (plain float64 arrays of one length); returns z. */
  public static INDArray map(INDArray a, INDArray b, INDArray z, DoubleBinary k) {
    require(DataType.DOUBLE, a, b, z);
    doubleChunks(a, b, z, false, k);
    return z;
  }

  /**
   * Updates {@code u}, {@code a} and {@code b} (null for two arrays) in place with {@code f} or
   * {@code d}, by their type: plain float32 or float64 arrays of one length.
   */
  public static void update(INDArray u, INDArray a, INDArray b, FloatUpdate f, DoubleUpdate d) {
    INDArray[] all = b == null ? new INDArray[] {u, a} : new INDArray[] {u, a, b};
    if (u.dataType() == DataType.FLOAT) {
      require(DataType.FLOAT, all);
      floatChunks(a, b, u, true, (ca, cb, cu, n) -> f.apply(cu, ca, cb, n));
    } else {
      require(DataType.DOUBLE, all);
      doubleChunks(a, b, u, true, (ca, cb, cu, n) -> d.apply(cu, ca, cb, n));
    }
  }

  /**
   * The one chunk loop over float32 arrays: each chunk of {@code a} and {@code b} (b may be null)
   * is copied into scratch, and of {@code z} too when {@code inPlace}; {@code k} runs; the chunk of
   * {@code z} is copied back, and of {@code a} and {@code b} too when {@code inPlace}.
   */
  private static void floatChunks(INDArray a, INDArray b, INDArray z, boolean inPlace, FloatBinary k) {
    Scratch s = SCRATCH.get();
    FloatPointer pa = NativeBuffers.floats(a);
    FloatPointer pb = b == null ? null : NativeBuffers.floats(b);
    FloatPointer pz = NativeBuffers.floats(z);
    long n = z.length();
    for (long start = 0; start < n; start += CHUNK) {
      int len = (int) Math.min(CHUNK, n - start);
      at(pa, start).get(s.fa, 0, len);
      if (pb != null) {
        at(pb, start).get(s.fb, 0, len);
      }
      if (inPlace) {
        at(pz, start).get(s.fz, 0, len);
      }
      k.apply(s.fa, s.fb, s.fz, len);
      at(pz, start).put(s.fz, 0, len);
      if (inPlace) {
        at(pa, start).put(s.fa, 0, len);
        if (pb != null) {
          at(pb, start).put(s.fb, 0, len);
        }
      }
    }
  }

  /** As {@link #floatChunks}, over float64 arrays. */
  private static void doubleChunks(INDArray a, INDArray b, INDArray z, boolean inPlace, DoubleBinary k) {
    Scratch s = SCRATCH.get();
    DoublePointer pa = NativeBuffers.doubles(a);
    DoublePointer pb = b == null ? null : NativeBuffers.doubles(b);
    DoublePointer pz = NativeBuffers.doubles(z);
    long n = z.length();
    for (long start = 0; start < n; start += CHUNK) {
      int len = (int) Math.min(CHUNK, n - start);
      at(pa, start).get(s.da, 0, len);
      if (pb != null) {
        at(pb, start).get(s.db, 0, len);
      }
      if (inPlace) {
        at(pz, start).get(s.dz, 0, len);
      }
      k.apply(s.da, s.db, s.dz, len);
      at(pz, start).put(s.dz, 0, len);
      if (inPlace) {
        at(pa, start).put(s.da, 0, len);
        if (pb != null) {
          at(pb, start).put(s.db, 0, len);
        }
      }
    }
  }

  /** A native loop over wrong memory would crash the JVM: refuse here, by dtype, shape and state. */
  private static void require(DataType dtype, INDArray... arrays) {
    if (!applies(dtype, arrays)) {
      StringBuilder sb = new StringBuilder();
      for (INDArray a : arrays) {
        sb.append(sb.length() == 0 ? "" : ", ").append(a.dataType()).append(Shapes.str(a.shape()))
            .append(a.wasClosed() ? " (closed)" : NativeBuffers.isPlain(a) ? "" : " (a view)");
      }
      throw new IllegalArgumentException("JavaKernels: needs plain, open, non-empty " + dtype
          + " arrays of one length, got " + sb + "; copy views with dup() first");
    }
  }

  /** The pointer itself at 0, else a view from {@code start} (the buffer's own pointer must not move). */
  private static FloatPointer at(FloatPointer p, long start) {
    return start == 0 ? p : new FloatPointer(p).position(start);
  }

  private static DoublePointer at(DoublePointer p, long start) {
    return start == 0 ? p : new DoublePointer(p).position(start);
  }

  /** One thread's chunk arrays. */
  private static final class Scratch {
    final float[] fa = new float[CHUNK];
    final float[] fb = new float[CHUNK];
    final float[] fz = new float[CHUNK];
    final double[] da = new double[CHUNK];
    final double[] db = new double[CHUNK];
    final double[] dz = new double[CHUNK];
  }
}
