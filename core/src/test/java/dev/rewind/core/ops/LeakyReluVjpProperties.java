package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** leaky relu (slope 0.1) away from its kink at 0. */
@Covers("leaky_relu")
class LeakyReluVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return x -> x.leakyRelu(0.1);
  }

  @Override
  public Domain domain() {
    return Domain.real().awayFrom(0);
  }
}
