package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Converts to another floating type; the VJP converts the gradient back. */
public final class Cast implements Primitive {
  private final DataType to;

  /** A conversion to {@code to}. */
  public Cast(DataType to) {
    this.to = to;
  }

  @Override
  public String name() {
    return "cast";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    return ex.cast(x[0], to);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {x[0].dtype().isFPType() ? g.castTo(x[0].dtype()) : null};
  }
}
