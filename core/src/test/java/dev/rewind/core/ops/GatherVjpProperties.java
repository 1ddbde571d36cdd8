package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.OpCase;
import dev.rewind.core.check.props.OpCaseContract;
import dev.rewind.core.check.props.TensorArbitraries;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * gather (torch semantics) along a random axis with random indices, repeated ones included, so
 * the VJP's scatter-add must accumulate.
 */
@Covers("gather")
class GatherVjpProperties implements OpCaseContract {
  @Override
  public Arbitrary<OpCase> cases() {
    return TensorArbitraries.shapes(1, 3).flatMap(s -> Combinators.combine(
        TensorArbitraries.arrays(s, Domain.real()), Arbitraries.randoms()).as((x, rnd) -> {
          int axis = rnd.nextInt(s.length);
          long[] is = s.clone();
          is[axis] = 1 + rnd.nextInt(4);
          double[] idx = new double[TensorArbitraries.length(is)];
          for (int i = 0; i < idx.length; i++) {
            idx[i] = rnd.nextInt((int) s[axis]);
          }
          INDArray indices = TensorArbitraries.array(idx, is).castTo(DataType.INT64);
          return OpCase.of("gather(" + axis + ", " + Arrays.toString(idx) + " shaped " + Arrays.toString(is) + ")",
              xs -> xs[0].gather(axis, Tensor.of(indices)), x);
        }));
  }
}
