package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code y = x − log Σ e^x} along an axis (stable); {@code ∂ = g − e^y ⊙ Σ g}. */
public final class LogSoftmax implements Primitive {
  private final int axis;

  /** Along {@code axis} (negative counts from the end). */
  public LogSoftmax(int axis) {
    this.axis = axis;
  }

  @Override
  public String name() {
    return "log_softmax";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    int ax = Shapes.axes(name(), x[0].rank(), axis)[0];
    if (x[0].isEmpty()) {
      return Raw.like(ex, x[0]); // nothing to normalise; ND4J crashes natively on empty arrays
    }
    // Not ND4J's native log_softmax: it takes the log of an underflowed softmax, giving −∞ for
    // logits like [−1e4, 1e4] whose log-probability (−2e4) is finite. x − logSumExp(x) is exact.
    INDArray lse = new LogSumExp(true, ax).forward(ex, x[0]);
    INDArray y = Raw.broadcasting(ex, name(), "subtract", x[0], lse);
    ex.free(lse);
    return y;
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.sub(y.exp().mul(g.sum(true, axis)))};
  }
}
