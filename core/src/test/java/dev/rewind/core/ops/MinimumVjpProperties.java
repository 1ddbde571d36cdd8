package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.BinaryOpContract;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import java.util.function.BiFunction;

/** minimum on broadcasting pairs with no ties between the sides. */
@Covers("minimum")
class MinimumVjpProperties implements BinaryOpContract {
  @Override
  public BiFunction<Tensor, Tensor, Tensor> op() {
    return Tensor::minimum;
  }

  @Override
  public Domain leftDomain() {
    return Domain.real().distinct();
  }
}
