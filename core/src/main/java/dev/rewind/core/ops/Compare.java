package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.NonDifferentiable;
import dev.rewind.core.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Element-wise comparison (broadcasting) giving 1 or 0 in the first input's type. Not differentiable. */
public final class Compare implements NonDifferentiable {
  /** The comparison and the ND4J op behind it. */
  public enum Kind {
    GT("greater"), GE("greater_equal"), LT("less"), LE("less_equal"), EQ("equals"), NE("not_equals");

    final String nd4j;

    Kind(String nd4j) {
      this.nd4j = nd4j;
    }
  }

  private final Kind kind;

  /** A comparison of the given kind. */
  public Compare(Kind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind.name().toLowerCase();
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    return compare(ex, name(), kind, x[0], x[1]);
  }

  static INDArray compare(Executor ex, String op, Kind kind, INDArray a, INDArray b) {
    return compare(ex, op, kind, a, b, a.dataType());
  }

  /** {@code a <kind> b} as 1 or 0 in the type {@code out}. */
  static INDArray compare(Executor ex, String op, Kind kind, INDArray a, INDArray b, DataType outType) {
    long[] shape = Shapes.broadcast(op, a.shape(), b.shape());
    INDArray z = ex.alloc(DataType.BOOL, shape);
    ex.custom(kind.nd4j, new INDArray[] {Raw.withRank(ex, a, shape.length), Raw.withRank(ex, b, shape.length)},
        new INDArray[] {z}, null, null, null);
    INDArray out = ex.cast(z, outType);
    if (out != z) {
      ex.free(z); // the BOOL result is a temporary: free it now rather than at the next GC
    }
    return out;
  }
}
