package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** div_scalar: x / c, through div(double). */
@Covers("div_scalar")
class DivScalarVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return x -> x.div(-2.5).div(0.75);
  }
}
