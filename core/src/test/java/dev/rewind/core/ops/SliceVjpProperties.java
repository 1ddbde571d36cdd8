package dev.rewind.core.ops;

import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.OpCase;
import dev.rewind.core.check.props.OpCaseContract;
import dev.rewind.core.check.props.TensorArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** slice: a random non-empty range along a random axis of a rank 1 to 4 input. */
@Covers("slice")
class SliceVjpProperties implements OpCaseContract {
  @Override
  public Arbitrary<OpCase> cases() {
    return TensorArbitraries.shapes(1, 4).flatMap(s -> Combinators.combine(
        TensorArbitraries.arrays(s, Domain.real()), Arbitraries.randoms()).as((x, rnd) -> {
          int axis = rnd.nextInt(s.length);
          long from = rnd.nextInt((int) s[axis]);
          long to = from + 1 + rnd.nextInt((int) (s[axis] - from));
          int spelled = rnd.nextBoolean() ? axis : axis - s.length;
          return OpCase.of("slice(" + spelled + ", " + from + ", " + to + ")", xs -> xs[0].slice(spelled, from, to), x);
        }));
  }
}
