package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The same elements (row-major) in a new shape; one size may be −1. The VJP reshapes back. */
public final class Reshape implements Primitive {
  private final long[] shape;

  /** A reshape to {@code shape}. */
  public Reshape(long... shape) {
    this.shape = shape.clone();
  }

  @Override
  public String name() {
    return "reshape";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    long[] target = resolve(x[0].shape());
    if (Raw.plain(x[0]) || x[0].isEmpty()) {
      return ex.reshape(x[0], target);
    }
    // A view (transposed, strided, f-ordered) is copied into the result, allocated in its final
    // shape and written through a view of it with the input's shape: returned as a reshaped view
    // of an ex.dup copy, the result owned nothing, and releasing it left the whole copy to the
    // garbage collector at every step.
    INDArray z = ex.alloc(x[0].dataType(), target);
    INDArray within = ex.reshape(z, x[0].shape());
    ex.custom("assign", new INDArray[] {within, x[0]}, new INDArray[] {within}, null, null, null);
    return z;
  }

  private long[] resolve(long[] in) {
    long n = Shapes.length(in);
    long[] t = shape.clone();
    int free = -1;
    long known = 1;
    for (int i = 0; i < t.length; i++) {
      if (t[i] == -1 && free < 0) {
        free = i;
      } else if (t[i] < 0) {
        // -2·-3 = 6 would pass the size check below, and ND4J would then fail unnamed
        throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(in) + " to " + Shapes.str(shape)
            + ": size " + t[i] + " at position " + i + (t[i] == -1 ? " is a second -1" : " is negative")
            + "; sizes must be ≥ 0, with at most one -1 (inferred from the others)");
      } else {
        known *= t[i];
      }
    }
    if (free >= 0 && known > 0 && n % known == 0) {
      t[free] = n / known;
      known *= t[free];
    }
    if (known != n || (free >= 0 && t[free] < 0)) {
      throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(in) + " (" + n
          + " elements) to " + Shapes.str(shape));
    }
    return t;
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.reshape(x[0].shape())};
  }
}
