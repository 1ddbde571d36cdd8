package dev.rewind.core.ops;

import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.OpCase;
import dev.rewind.core.check.props.OpCaseContract;
import dev.rewind.core.check.props.TensorArbitraries;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** reshape: to a random shape with the same number of elements, sometimes spelling one size −1. */
@Covers("reshape")
class ReshapeVjpProperties implements OpCaseContract {
  @Override
  public Arbitrary<OpCase> cases() {
    return TensorArbitraries.shapes().flatMap(s -> Combinators.combine(
        TensorArbitraries.arrays(s, Domain.real()), Arbitraries.randoms()).as((x, rnd) -> {
          long n = TensorArbitraries.length(s);
          int rank = 1 + rnd.nextInt(4);
          long[] target = new long[rank];
          long left = n;
          for (int i = 0; i < rank - 1; i++) { // a random divisor of what is left, per axis
            long d;
            do {
              d = 1 + rnd.nextInt((int) left);
            } while (left % d != 0);
            target[i] = d;
            left /= d;
          }
          target[rank - 1] = left;
          if (rnd.nextBoolean()) {
            target[rnd.nextInt(rank)] = -1;
          }
          return OpCase.of("reshape" + Arrays.toString(target), xs -> xs[0].reshape(target), x);
        }));
  }
}
