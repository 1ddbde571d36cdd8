package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** sin on [-4, 4]. */
@Covers("sin")
class SinVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return Tensor::sin;
  }

  @Override
  public Domain domain() {
    return Domain.between(-4, 4);
  }
}
