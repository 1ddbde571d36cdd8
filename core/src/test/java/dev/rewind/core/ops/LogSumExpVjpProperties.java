package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.ReductionContract;

/** log-sum-exp over random axes; its gradient is the softmax over them. */
@Covers("log_sum_exp")
class LogSumExpVjpProperties implements ReductionContract {
  @Override
  public Tensor reduce(Tensor x, boolean keepDims, int... axes) {
    return x.logSumExp(keepDims, axes);
  }

  @Override
  public Domain domain() {
    return Domain.between(-4, 4);
  }
}
