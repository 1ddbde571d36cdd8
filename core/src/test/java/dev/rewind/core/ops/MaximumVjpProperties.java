package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.BinaryOpContract;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import java.util.function.BiFunction;

/** maximum on broadcasting pairs with no ties between the sides (ties split the gradient). */
@Covers("maximum")
class MaximumVjpProperties implements BinaryOpContract {
  @Override
  public BiFunction<Tensor, Tensor, Tensor> op() {
    return Tensor::maximum;
  }

  @Override
  public Domain leftDomain() {
    return Domain.real().distinct();
  }
}
