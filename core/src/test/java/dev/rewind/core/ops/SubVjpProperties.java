package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.BinaryOpContract;
import dev.rewind.core.check.props.Covers;
import java.util.function.BiFunction;

/** sub on broadcasting pairs. */
@Covers("sub")
class SubVjpProperties implements BinaryOpContract {
  @Override
  public BiFunction<Tensor, Tensor, Tensor> op() {
    return Tensor::sub;
  }

}
