package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** rsub_scalar: c − x, through rsub(double). */
@Covers("rsub_scalar")
class RSubScalarVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return x -> x.rsub(0.75).rsub(-2);
  }
}
