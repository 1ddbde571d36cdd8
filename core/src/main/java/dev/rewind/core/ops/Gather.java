package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

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
      flat = flatIndices(ex, x[0].shape());
      outShape = indices.shape();
    }
    if (flat.length == 0) {
      // no index: the empty result of the indices' shape (ND4J's gather fails on it natively)
      return ex.alloc(x[0].dataType(), outShape);
    }
    if (x[0].rank() == 0) {
      return Raw.expand(ex, x[0], outShape); // every position is the one element
    }
    // gather_nd at the positions' coordinates writes the output in its final shape, straight
    // from the input (a view too): no flattened copy, no reshaped views left to the collector.
    INDArray coords = Raw.coordinates(ex, flat, x[0].shape(), outShape);
    INDArray z = ex.alloc(x[0].dataType(), outShape);
    ex.custom("gather_nd", new INDArray[] {x[0], coords}, new INDArray[] {z}, null, null, null);
    ex.free(coords); // a temporary: freed now, not at some later garbage collection
    return z;
  }

  private long[] flatIndices(Executor ex, long[] xs) {
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
    INDArray copy = Raw.plain(indices) ? indices : ex.dup(indices);
    double[] v = copy.data().asDouble();
    if (copy != indices) {
      ex.free(copy);
    }
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
      if (iv != Math.rint(iv)) { // 0.5 lies inside [0, n): saying "outside" would mislead
        throw new IllegalArgumentException("gather: index " + iv + " at position " + k
            + " is not an integer; indices must be whole numbers (Rewind never truncates them)");
      }
      if (iv < 0 || iv >= xs[ax]) {
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
