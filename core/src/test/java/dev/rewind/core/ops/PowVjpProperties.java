package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.BinaryOpContract;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import java.util.function.BiFunction;

/** pow (tensor^tensor) on broadcasting pairs: a positive base (the exponent's gradient takes its log). */
@Covers("pow")
class PowVjpProperties implements BinaryOpContract {
  @Override
  public BiFunction<Tensor, Tensor, Tensor> op() {
    return Tensor::pow;
  }

  @Override
  public Domain leftDomain() {
    return Domain.between(0.2, 3);
  }

  @Override
  public Domain rightDomain() {
    return Domain.real();
  }
}
