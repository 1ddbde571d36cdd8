package dev.rewind.examples.studies;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.GradCheck;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.UnaryOpContract;
import java.util.function.Function;

/** The custom Swish primitive's VJP agrees with central differences, first and second order, on [−4, 4]. */
@Covers("swish")
class SwishVjpProperties implements UnaryOpContract {
  @Override
  public Function<Tensor, Tensor> op() {
    return UnaryOpContract.primitive(new Swish(1.5));
  }

  @Override
  public Domain domain() {
    return Domain.between(-4, 4);
  }

  @Override
  public GradCheck tune(GradCheck check) {
    return check.secondOrder();
  }
}
