package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** softsign x/(1+|x|) on [-3, 3] (smooth at 0: both one-sided slopes are 1). */
@Covers("softsign")
class SoftsignVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return Tensor::softsign;
  }

  @Override
  public Domain domain() {
    return Domain.between(-3, 3);
  }
}
