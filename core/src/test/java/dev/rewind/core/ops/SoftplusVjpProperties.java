package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** softplus on [-5, 5]. */
@Covers("softplus")
class SoftplusVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return Tensor::softplus;
  }

  @Override
  public Domain domain() {
    return Domain.between(-5, 5);
  }
}
