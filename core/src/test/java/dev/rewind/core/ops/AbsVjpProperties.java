package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** abs away from its kink at 0. */
@Covers("abs")
class AbsVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return Tensor::abs;
  }

  @Override
  public Domain domain() {
    return Domain.real().awayFrom(0);
  }
}
