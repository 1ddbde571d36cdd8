package dev.rewind.optim;

import dev.rewind.core.NativeBuffers;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The adaptive optimizers' updates (AdaGrad, RMSprop, AdaDelta, Adam, Nadam) in one Java pass
 * over the update and its moments, chunk by chunk: each chunk is copied into this thread's
 * scratch arrays, a rule's loop (which the JIT vectorises) updates them, and they are copied back.
 *
 * <p>Why not ND4J: its element-wise square root ran at about 4 ns per float (800 µs for W4's
 * 784×256 weights), its fused {@code adam_updater} at 5.5 ns, and the composed forms took 8–15
 * executioner passes per parameter; Adam was 1.5–2.7 ms of W4's 5–6 ms step. One pass takes
 * about 180 µs for the same array including the copies. Chunks are small enough to stay in cache,
 * so no scratch grows with the model.
 */
final class MomentKernels {
  private static final int CHUNK = 1 << 14;
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private MomentKernels() {}

  /** One chunk of a rule in float32: u holds g on entry and the direction on exit; a, b the moments. */
  @FunctionalInterface
  interface FloatRule {
    void apply(float[] u, float[] a, float[] b, int n);
  }

  /** As {@link FloatRule}, in float64. */
  @FunctionalInterface
  interface DoubleRule {
    void apply(double[] u, double[] a, double[] b, int n);
  }

  /** Whether u and the state arrays are plain c-ordered arrays of one floating type and one length. */
  static boolean applies(INDArray u, INDArray... state) {
    DataType d = u.dataType();
    if ((d != DataType.FLOAT && d != DataType.DOUBLE) || !NativeBuffers.isPlain(u) || u.length() == 0) {
      return false;
    }
    for (INDArray s : state) {
      if (s.dataType() != d || !NativeBuffers.isPlain(s) || s.length() != u.length()) {
        return false;
      }
    }
    return true;
  }

  /**
   * In place: runs the rule over u and the moments a and b (b null for one-moment rules), which
   * {@link #applies} accepted.
   */
  static void apply(INDArray u, INDArray a, INDArray b, FloatRule f, DoubleRule d) {
    Scratch s = SCRATCH.get();
    long n = u.length();
    for (long start = 0; start < n; start += CHUNK) {
      int len = (int) Math.min(CHUNK, n - start);
      if (u.dataType() == DataType.FLOAT) {
        FloatPointer pu = floats(u, start);
        FloatPointer pa = floats(a, start);
        FloatPointer pb = b == null ? null : floats(b, start);
        pu.get(s.fu, 0, len);
        pa.get(s.fa, 0, len);
        if (pb != null) {
          pb.get(s.fb, 0, len);
        }
        f.apply(s.fu, s.fa, s.fb, len);
        pu.put(s.fu, 0, len);
        pa.put(s.fa, 0, len);
        if (pb != null) {
          pb.put(s.fb, 0, len);
        }
      } else {
        DoublePointer pu = doubles(u, start);
        DoublePointer pa = doubles(a, start);
        DoublePointer pb = b == null ? null : doubles(b, start);
        pu.get(s.du, 0, len);
        pa.get(s.da, 0, len);
        if (pb != null) {
          pb.get(s.db, 0, len);
        }
        d.apply(s.du, s.da, s.db, len);
        pu.put(s.du, 0, len);
        pa.put(s.da, 0, len);
        if (pb != null) {
          pb.put(s.db, 0, len);
        }
      }
    }
  }

  /** A view of a's floats from element {@code start} (its own pointer: the buffer's stays at 0). */
  private static FloatPointer floats(INDArray a, long start) {
    return new FloatPointer(NativeBuffers.floats(a)).position(start);
  }

  private static DoublePointer doubles(INDArray a, long start) {
    return new DoublePointer(NativeBuffers.doubles(a)).position(start);
  }

  /** One thread's chunk buffers. */
  private static final class Scratch {
    final float[] fu = new float[CHUNK];
    final float[] fa = new float[CHUNK];
    final float[] fb = new float[CHUNK];
    final double[] du = new double[CHUNK];
    final double[] da = new double[CHUNK];
    final double[] db = new double[CHUNK];
  }
}
