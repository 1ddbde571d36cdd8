package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.NonDifferentiable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Comparison with a constant, giving 1 or 0 in the input's type. An integer input is compared with
 * a constant it cannot hold (0.5, NaN, 1e30) in float64, as NumPy does. Not differentiable.
 */
public final class CompareScalar implements NonDifferentiable {
  /** Built once: Tensor.call and error checks ask for it on every call. */
  private final String name;
  private final Compare.Kind kind;
  private final double c;

  /** {@code x <kind> c}. */
  public CompareScalar(Compare.Kind kind, double c) {
    this.kind = kind;
    this.c = c;
    this.name = kind.name().toLowerCase() + "_scalar";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    if (kind == Compare.Kind.GT && x[0].dataType().isFPType()) {
      // ND4J's Step kernel writes x > c as 1/0 in x's own type in one pass: no BOOL array, no
      // cast, no scalar operand (relu's VJP runs this on every backward pass).
      return Raw.unary(ex, x[0], c, (a, z, k) -> new org.nd4j.linalg.api.ops.impl.scalar.Step(a, z, k));
    }
    DataType t = x[0].dataType();
    INDArray scalar = ex.full(t, new long[0], c);
    if (t.isFPType() || scalar.getDouble(0) == c) {
      INDArray out = Compare.compare(ex, name(), kind, x[0], scalar);
      ex.free(scalar);
      return out;
    }
    // c does not fit the integer type (0.5 in INT would become 0, and int [0, 1, -1] < 0.5 give
    // [0, 0, 1]): compare in float64, as NumPy does ([1, 0, 1]); the result keeps x's type.
    ex.free(scalar);
    INDArray xd = ex.cast(x[0], DataType.DOUBLE);
    INDArray cd = ex.full(DataType.DOUBLE, new long[0], c);
    INDArray out = Compare.compare(ex, name(), kind, xd, cd, t);
    ex.free(xd);
    ex.free(cd);
    return out;
  }
}
