package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.ReductionContract;

/** max over random axes with distinct values (ties split the gradient). */
@Covers("max")
class MaxVjpProperties implements ReductionContract {
  @Override
  public Tensor reduce(Tensor x, boolean keepDims, int... axes) {
    return x.max(keepDims, axes);
  }

  @Override
  public Domain domain() {
    return Domain.real().distinct();
  }
}
