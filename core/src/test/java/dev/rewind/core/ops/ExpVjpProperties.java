package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** exp: e^x on [-2, 2]. */
@Covers("exp")
class ExpVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return Tensor::exp;
  }

}
