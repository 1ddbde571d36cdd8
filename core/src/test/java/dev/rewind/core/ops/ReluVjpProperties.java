package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** relu away from its kink at 0. */
@Covers("relu")
class ReluVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return Tensor::relu;
  }

  @Override
  public Domain domain() {
    return Domain.real().awayFrom(0);
  }
}
