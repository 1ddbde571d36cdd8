package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.BinaryOpContract;
import dev.rewind.core.check.props.Covers;
import java.util.function.BiFunction;

/** add on broadcasting pairs: each gradient sums back to its input's shape. */
@Covers("add")
class AddVjpProperties implements BinaryOpContract {
  @Override
  public BiFunction<Tensor, Tensor, Tensor> op() {
    return Tensor::add;
  }

}
