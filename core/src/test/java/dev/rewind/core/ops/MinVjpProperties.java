package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.ReductionContract;

/** min over random axes with distinct values. */
@Covers("min")
class MinVjpProperties implements ReductionContract {
  @Override
  public Tensor reduce(Tensor x, boolean keepDims, int... axes) {
    return x.min(keepDims, axes);
  }

  @Override
  public Domain domain() {
    return Domain.real().distinct();
  }
}
