package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.ReductionContract;

/** sum over random axes (none: all), with and without keep-dims. */
@Covers("sum")
class SumVjpProperties implements ReductionContract {
  @Override
  public Tensor reduce(Tensor x, boolean keepDims, int... axes) {
    return x.sum(keepDims, axes);
  }

}
