package dev.rewind.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.cpu.nativecpu.buffer.BaseCpuDataBuffer;
import org.nd4j.nativeblas.NativeOps;

/**
 * Same-shape element-wise arithmetic ({@code z = a ∘ b} with ∘ one of + − × ÷) through libnd4j's
 * legacy pairwise kernel, called directly.
 *
 * <p>Why: ND4J's declarable {@code add}/{@code subtract}/{@code multiply}/{@code divide} check
 * types, look the op up, build a shape list and allocate on every call, and only then run the
 * same pairwise kernel; on a 32×32 operand that costs about 1.0 µs against 0.23 µs for the kernel
 * alone (measured). When the operands do not broadcast, nothing of that work is needed, so
 * results are bitwise those of the declarable op. The kernel numbers are libnd4j's
 * {@code PAIRWISE_TRANSFORM_OPS} of 1.0.0-M2.1; {@code PairwiseKernelsTest} checks each against
 * Java arithmetic, so a renumbered ND4J fails a test instead of computing something else.
 */
final class PairwiseKernels {
  private PairwiseKernels() {}

  /** libnd4j's legacy pairwise kernel number for the declarable op {@code nd4jName}, or -1. */
  static int number(String nd4jName) {
    return switch (nd4jName) {
      case "add" -> 0;
      case "divide" -> 2;
      case "multiply" -> 3;
      case "subtract" -> 6;
      default -> -1;
    };
  }

  /**
   * Whether {@code a ∘ b → z} can run on the kernel directly: equal shapes and data types (no
   * broadcasting, no type promotion), nothing empty or closed, ND4J's CPU buffers.
   */
  static boolean applies(INDArray a, INDArray b, INDArray z) {
    return !a.wasClosed() && !b.wasClosed() && !z.wasClosed() && a.dataType() == b.dataType() && a.dataType() == z.dataType()
        && !z.isEmpty() && a.equalShapes(b) && a.equalShapes(z)
        && a.data() instanceof BaseCpuDataBuffer && b.data() instanceof BaseCpuDataBuffer
        && z.data() instanceof BaseCpuDataBuffer;
  }

  /** Runs kernel {@code number} on {@code a, b} into {@code z} (which may be {@code a}); returns z. */
  static INDArray run(NativeOps nat, int number, String nd4jName, INDArray a, INDArray b, INDArray z) {
    nat.execPairwiseTransform(null, number, NativeBuffers.opaque(a), NativeBuffers.shapeInfo(a), null, NativeBuffers.opaque(b), NativeBuffers.shapeInfo(b), null,
        NativeBuffers.opaque(z), NativeBuffers.shapeInfo(z), null, null);
    if (nat.lastErrorCode() != 0) {
      throw new IllegalStateException("native op '" + nd4jName + "' failed on " + a.dataType()
          + Shapes.str(a.shape()) + ": " + nat.lastErrorMessage());
    }
    return z;
  }
}
