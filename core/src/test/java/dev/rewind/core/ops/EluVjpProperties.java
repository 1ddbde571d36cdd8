package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** elu (α = 0.7, so its slope jumps at 0) away from 0. */
@Covers("elu")
class EluVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return x -> x.elu(0.7);
  }

  @Override
  public Domain domain() {
    return Domain.real().awayFrom(0);
  }
}
