package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** sqrt on positive inputs [0.1, 3]. */
@Covers("sqrt")
class SqrtVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return Tensor::sqrt;
  }

  @Override
  public Domain domain() {
    return Domain.positive();
  }
}
