package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.BinaryOpContract;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import java.util.function.BiFunction;

/** div on broadcasting pairs, the divisor kept positive. */
@Covers("div")
class DivVjpProperties implements BinaryOpContract {
  @Override
  public BiFunction<Tensor, Tensor, Tensor> op() {
    return Tensor::div;
  }

  @Override
  public Domain rightDomain() {
    return Domain.between(0.3, 3);
  }
}
