package dev.rewind.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarDivision;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;

/**
 * In-place arithmetic on arrays outside recording, and temporaries freed at once: for code that
 * updates state itself, such as optimizers' rules and running statistics (inside
 * {@link Tensor#mutate}).
 *
 * <p>Why: ND4J's {@code x.muli(2.0)} builds a one-element operand array per call, its
 * {@code addi}/{@code assign} of arrays build a native op context per call, and {@code close()}
 * frees an array's data but leaves its native descriptor; all wait for the garbage collector,
 * which a large fixed heap may not run for thousands of steps. Here scalar ops run through
 * core's {@link Executor#run}, which frees the operand, array arithmetic through
 * {@link Executor#elementwise} (libnd4j's pairwise kernel, no context), and {@link #free}
 * releases a temporary completely ({@link Executor#free}).
 */
public final class InPlace {
  private InPlace() {}

  /** x ← x·f. */
  public static INDArray mul(INDArray x, double f) {
    return Executor.current().run(new ScalarMultiplication(x, null, x, f));
  }

  /** x ← x / d. */
  public static INDArray div(INDArray x, double d) {
    return Executor.current().run(new ScalarDivision(x, null, x, d));
  }

  /** x ← x + c. */
  public static INDArray add(INDArray x, double c) {
    return Executor.current().run(new ScalarAdd(x, null, x, c));
  }

  /** x ← x + y (same shape and type). */
  public static INDArray add(INDArray x, INDArray y) {
    requireSame("add", x, y);
    return Executor.current().elementwise("add", x, y, x);
  }

  /** x ← x ⊙ y (same shape and type). */
  public static INDArray mul(INDArray x, INDArray y) {
    requireSame("mul", x, y);
    return Executor.current().elementwise("multiply", x, y, x);
  }

  /** x ← x / y element-wise (same shape and type). */
  public static INDArray div(INDArray x, INDArray y) {
    requireSame("div", x, y);
    return Executor.current().elementwise("divide", x, y, x);
  }

  /**
   * y ← y + a·x in one pass (same shape and type): BLAS {@code axpy} for plain float32/float64
   * arrays, which reads x and y once and allocates nothing; other layouts through a freed
   * temporary. One rounding where BLAS fuses the multiply-add, so it may differ from
   * {@code y + (a·x)} in the last bit.
   */
  public static INDArray axpy(INDArray y, double a, INDArray x) {
    requireSame("axpy", y, x);
    DataType d = y.dataType();
    // not for a = 0: BLAS axpy then returns at once, and a NaN or infinite x would not reach y
    if (a != 0 && (d == DataType.FLOAT || d == DataType.DOUBLE) && y.length() <= Integer.MAX_VALUE
        && NativeBuffers.isPlain(x) && NativeBuffers.isPlain(y) && !y.isEmpty()) { // types, shapes: checked above
      int n = (int) y.length();
      if (d == DataType.FLOAT) {
        org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy(n, (float) a, NativeBuffers.floats(x), 1,
            NativeBuffers.floats(y), 1);
      } else {
        org.bytedeco.openblas.global.openblas_nolapack.cblas_daxpy(n, a, NativeBuffers.doubles(x), 1,
            NativeBuffers.doubles(y), 1);
      }
      return y;
    }
    INDArray t = mul(x.dup(), a);
    add(y, t);
    free(t);
    return y;
  }

  /** dst ← src (same shape and type), as src·1: a legacy op, with no op context to leave behind. */
  public static INDArray copy(INDArray dst, INDArray src) {
    requireSame("copy", dst, src);
    return Executor.current().run(new ScalarMultiplication(src, null, dst, 1.0));
  }

  /**
   * The array forms take equal shapes and types: the legacy kernels read past a shorter operand's
   * memory, and ND4J would broadcast or cast.
   */
  private static void requireSame(String op, INDArray x, INDArray y) {
    if (x.dataType() != y.dataType() || !java.util.Arrays.equals(x.shape(), y.shape())) {
      throw new IllegalArgumentException("InPlace." + op + ": arrays of " + x.dataType() + Shapes.str(x.shape())
          + " and " + y.dataType() + Shapes.str(y.shape()) + "; give two arrays of one shape and type");
    }
  }

  /** Frees arrays the caller allocated and no longer needs (never one a tensor or a plan holds). */
  public static void free(INDArray... temporaries) {
    for (INDArray t : temporaries) {
      Executor.current().free(t);
    }
  }
}
