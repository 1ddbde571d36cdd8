package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** mul_scalar: c·x, through mul(double). */
@Covers("mul_scalar")
class MulScalarVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return x -> x.mul(-1.7).mul(0.25);
  }

}
