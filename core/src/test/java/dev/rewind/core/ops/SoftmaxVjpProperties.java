package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.AxisOpContract;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;

/** softmax along every axis (positive and negative), full Jacobian. */
@Covers("softmax")
class SoftmaxVjpProperties implements AxisOpContract {
  @Override
  public Tensor apply(Tensor x, int axis) {
    return x.softmax(axis);
  }

  @Override
  public Domain domain() {
    return Domain.between(-4, 4);
  }
}
