package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.BinaryOpContract;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.ShapePair;
import dev.rewind.core.check.props.TensorArbitraries;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitrary;

/** sigmoid_grad g·y(1 − y) on equal shapes (it does not broadcast), y in [0, 1]. */
@Covers("sigmoid_grad")
class SigmoidGradVjpProperties implements BinaryOpContract {
  @Override
  public BiFunction<Tensor, Tensor, Tensor> op() {
    return BinaryOpContract.primitive(new SigmoidGrad());
  }

  @Override
  public Domain rightDomain() {
    return Domain.between(0, 1);
  }

  @Override
  public Domain leftDomain() {
    return Domain.real();
  }

  @Override
  public Arbitrary<ShapePair> shapePairs() {
    return TensorArbitraries.shapes().map(s -> new ShapePair(s, s));
  }
}
