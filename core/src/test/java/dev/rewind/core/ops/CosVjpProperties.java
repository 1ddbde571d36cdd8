package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** cos on [-4, 4]. */
@Covers("cos")
class CosVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return Tensor::cos;
  }

  @Override
  public Domain domain() {
    return Domain.between(-4, 4);
  }
}
