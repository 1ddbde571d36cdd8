package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** sigmoid on [-5, 5], into its flat tails. */
@Covers("sigmoid")
class SigmoidVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return Tensor::sigmoid;
  }

  @Override
  public Domain domain() {
    return Domain.between(-5, 5);
  }
}
