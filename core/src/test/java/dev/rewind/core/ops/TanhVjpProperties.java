package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** tanh on [-3, 3]. */
@Covers("tanh")
class TanhVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return Tensor::tanh;
  }

  @Override
  public Domain domain() {
    return Domain.between(-3, 3);
  }
}
