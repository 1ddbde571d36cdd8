package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** hard tanh on [-3, 3] away from its kinks at ±1. */
@Covers("hardtanh")
class HardTanhVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return Tensor::hardTanh;
  }

  @Override
  public Domain domain() {
    return Domain.between(-3, 3).awayFrom(-1, 1);
  }
}
