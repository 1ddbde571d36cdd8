package dev.rewind.core;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code C = op(A)·op(B)} for plain c-ordered float or double matrices, straight through BLAS
 * {@code gemm} with transpose flags.
 *
 * <p>Why: ND4J's declarable {@code matmul} runs the same {@code gemm} after about 1 µs of op
 * lookup, shape checks and native allocations per call; W3's step makes 60 of them on 32×64
 * matrices. Views, f-ordered arrays and batches keep the declarable op.
 */
final class BlasGemm {
  private BlasGemm() {}

  /**
   * Whether {@code op(a)·op(b) → z} (rank 2, shapes that agree, one floating type, all plain) can
   * call {@code gemm} directly. The shapes are checked here too: BLAS would read and write past
   * the arrays where ND4J's op throws.
   */
  static boolean applies(INDArray a, boolean ta, INDArray b, boolean tb, INDArray z) {
    DataType d = a.dataType();
    if (a.rank() != 2 || b.rank() != 2 || z.rank() != 2) {
      return false;
    }
    long m = ta ? a.size(1) : a.size(0);
    long k = ta ? a.size(0) : a.size(1);
    long kb = tb ? b.size(1) : b.size(0);
    long n = tb ? b.size(0) : b.size(1);
    return k == kb && z.size(0) == m && z.size(1) == n
        && (d == DataType.FLOAT || d == DataType.DOUBLE) && b.dataType() == d && z.dataType() == d
        && !a.isEmpty() && !b.isEmpty()
        && NativeBuffers.isPlain(a) && NativeBuffers.isPlain(b) && NativeBuffers.isPlain(z)
        && a.length() <= Integer.MAX_VALUE && b.length() <= Integer.MAX_VALUE && z.length() <= Integer.MAX_VALUE;
  }

  /** {@code z = op(a)·op(b)}, where {@link #applies} holds and the shapes agree (checked by the caller). */
  static INDArray run(INDArray a, boolean ta, INDArray b, boolean tb, INDArray z) {
    int m = (int) z.size(0);
    int n = (int) z.size(1);
    int k = (int) (ta ? a.size(0) : a.size(1));
    int lda = (int) a.size(1);
    int ldb = (int) b.size(1);
    int opA = ta ? CblasTrans : CblasNoTrans;
    int opB = tb ? CblasTrans : CblasNoTrans;
    if (a.dataType() == DataType.FLOAT) {
      cblas_sgemm(CblasRowMajor, opA, opB, m, n, k, 1f, NativeBuffers.floats(a), lda, NativeBuffers.floats(b), ldb, 0f,
          NativeBuffers.floats(z), n);
    } else {
      cblas_dgemm(CblasRowMajor, opA, opB, m, n, k, 1.0, NativeBuffers.doubles(a), lda, NativeBuffers.doubles(b), ldb, 0.0,
          NativeBuffers.doubles(z), n);
    }
    return z;
  }
}
