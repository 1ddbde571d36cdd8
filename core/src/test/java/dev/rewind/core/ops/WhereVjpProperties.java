package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.OpCase;
import dev.rewind.core.check.props.OpCaseContract;
import dev.rewind.core.check.props.TensorArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * where(mask, a, b) with a and b a broadcasting pair and a random 0/1 mask of their common
 * shape, held constant: the gradient of each side is the cotangent masked and summed back.
 */
@Covers("where")
class WhereVjpProperties implements OpCaseContract {
  @Override
  public Arbitrary<OpCase> cases() {
    return TensorArbitraries.broadcastPairs().flatMap(p -> {
      long[] out = broadcast(p.left(), p.right());
      Arbitrary<INDArray> masks = Arbitraries.of(0.0, 1.0).list().ofSize(TensorArbitraries.length(out))
          .map(l -> TensorArbitraries.array(l.stream().mapToDouble(Double::doubleValue).toArray(), out));
      return Combinators.combine(masks, TensorArbitraries.arrayPairs(p, Domain.real(), Domain.real()))
          .as((m, ab) -> OpCase.of("where", xs -> Tensor.where(xs[0], xs[1], xs[2]), m, ab[0], ab[1]).constant(0));
    });
  }

  static long[] broadcast(long[] a, long[] b) {
    int r = Math.max(a.length, b.length);
    long[] s = new long[r];
    for (int i = 0; i < r; i++) {
      long x = i < r - a.length ? 1 : a[i - (r - a.length)];
      long y = i < r - b.length ? 1 : b[i - (r - b.length)];
      s[i] = Math.max(x, y);
    }
    return s;
  }
}
