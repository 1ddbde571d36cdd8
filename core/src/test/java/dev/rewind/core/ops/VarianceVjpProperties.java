package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.ReductionContract;

/** population variance over random axes. */
@Covers("variance")
class VarianceVjpProperties implements ReductionContract {
  @Override
  public Tensor reduce(Tensor x, boolean keepDims, int... axes) {
    return x.variance(keepDims, axes);
  }

}
