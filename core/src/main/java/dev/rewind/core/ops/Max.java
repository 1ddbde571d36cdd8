package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = max x} over axes (all when none); NaN where the reduced elements hold a NaN (as NumPy
 * and PyTorch). The gradient goes to the elements equal to the result, split equally among ties;
 * for a NaN result, to the NaN elements.
 */
public final class Max implements Primitive {
  private final boolean keepDims;
  private final int[] axes;

  /** A max over {@code axes}, keeping them as size 1 if {@code keepDims}. */
  public Max(boolean keepDims, int... axes) {
    this.keepDims = keepDims;
    this.axes = axes.clone();
  }

  @Override
  public String name() {
    return "max";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    INDArray z = Raw.reduce(ex, name(), "reduce_max", x[0], keepDims, axes);
    Raw.propagateNaN(ex, name(), x[0], keepDims, axes, z);
    return z;
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {tiedGradient(name(), g, y, x[0], axes)};
  }

  /**
   * The gradient of a max or min {@code y} of {@code x} over {@code axes}: {@code g} split
   * equally among the elements equal to the result; where the result is NaN, among the NaN
   * elements (as PyTorch's max and min).
   */
  static Tensor tiedGradient(String op, Tensor g, Tensor y, Tensor x, int[] axes) {
    long[] shape = x.shape();
    int[] ax = Shapes.axes(op, shape.length, axes);
    long[] kept = Shapes.keepDims(shape, ax);
    Tensor yk = y.reshape(kept).detach();
    Tensor mask = x.eq(yk);
    if (Raw.anyNaN(y.value())) {
      Tensor xNaN = x.eq(x).rsub(1.0);
      Tensor yNaN = yk.eq(yk).rsub(1.0);
      mask = mask.add(xNaN.mul(yNaN));
    }
    Tensor count = mask.sum(true, ax);
    return g.reshape(kept).div(count).mul(mask);
  }
}
