package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** add_scalar: x + c, through add(double) and sub(double). */
@Covers("add_scalar")
class AddScalarVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return x -> x.add(1.5).sub(0.25);
  }

}
