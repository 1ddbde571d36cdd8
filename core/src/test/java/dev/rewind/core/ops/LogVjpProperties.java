package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** log on positive inputs [0.1, 3]. */
@Covers("log")
class LogVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return Tensor::log;
  }

  @Override
  public Domain domain() {
    return Domain.positive();
  }
}
