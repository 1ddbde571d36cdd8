package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Picks elements along an axis, as {@code torch.gather}: the output has the indices' shape and,
 * for axis 1 of a matrix, {@code y[i][j] = x[i][idx[i][j]]}. The VJP scatter-adds {@code g} into
 * zeros shaped like {@code x} ({@link ScatterAdd}), so repeated indices accumulate.
 */
public final class Gather implements Primitive {
  private final int axis;
  private final INDArray indices;
  private long[] flat;

  /** Picks along {@code axis} at {@code indices} (integer-valued, same rank as the input). */
  public Gather(int axis, INDArray indices) {
    this.axis = axis;
    this.indices = indices;
  }

  private Gather(long[] flat, long[] shape) {
    this.axis = 0;
    this.indices = null;
    this.flat = flat;
    this.outShape = shape;
  }

  private long[] outShape;

  /** Picks elements of the flattened input at {@code flat} and shapes them as {@code shape}. */
  static Gather flat(long[] flat, long[] shape) {
    return new Gather(flat, shape);
  }

  @Override
  public String name() {
    return "gather";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    if (indices != null) {
      flat = flatIndices(x[0].shape());
      outShape = indices.shape();
    }
    INDArray src = x[0].ordering() == 'c' && !x[0].isView() ? x[0] : ex.dup(x[0]);
    INDArray z = ex.alloc(x[0].dataType(), flat.length);
    ex.custom("gather", new INDArray[] {src.reshape('c', new long[] {src.length()}), Nd4j.createFromArray(flat)},
        new INDArray[] {z}, new long[] {0}, null, null);
    return z.reshape('c', outShape);
  }

  private long[] flatIndices(long[] xs) {
    long[] is = indices.shape();
    int r = xs.length;
    int ax = Shapes.axes(name(), r, axis)[0];
    if (is.length != r) {
      throw new IllegalArgumentException("gather: indices of shape " + Shapes.str(is) + " must have the rank of the input "
          + Shapes.str(xs) + " (for class labels of shape [n], reshape them to [n, 1])");
    }
    for (int d = 0; d < r; d++) {
      if (d != ax && is[d] != xs[d]) {
        throw new IllegalArgumentException("gather: indices of shape " + Shapes.str(is) + " and input " + Shapes.str(xs)
            + " differ along axis " + d + "; they may differ only along the gather axis " + ax);
      }
    }
    double[] v = indices.dup('c').data().asDouble();
    long[] strides = new long[r];
    long st = 1;
    for (int d = r - 1; d >= 0; d--) {
      strides[d] = st;
      st *= xs[d];
    }
    long[] out = new long[v.length];
    long[] pos = new long[r];
    for (int k = 0; k < v.length; k++) {
      double iv = v[k];
      if (iv != Math.rint(iv) || iv < 0 || iv >= xs[ax]) {
        throw new IllegalArgumentException("gather: index " + iv + " at position " + k + " is outside [0, " + xs[ax]
            + ") along axis " + ax + " of shape " + Shapes.str(xs));
      }
      long off = 0;
      for (int d = 0; d < r; d++) {
        off += (d == ax ? (long) iv : pos[d]) * strides[d];
      }
      out[k] = off;
      for (int d = r - 1; d >= 0; d--) { // advance the row-major position within the indices' shape
        if (++pos[d] < is[d]) {
          break;
        }
        pos[d] = 0;
      }
    }
    return out;
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.apply(new ScatterAdd(flat, x[0].shape()))};
  }
}
