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

/** scatter_add: values added into zeros of a random shape at random (repeating) flat positions. */
@Covers("scatter_add")
class ScatterAddVjpProperties implements OpCaseContract {
  @Override
  public Arbitrary<OpCase> cases() {
    return Combinators.combine(TensorArbitraries.shapes(0, 3), TensorArbitraries.shapes(0, 3)).flatAs((s, target) ->
        Combinators.combine(TensorArbitraries.arrays(s, Domain.real()), Arbitraries.randoms()).as((x, rnd) -> {
          long[] flat = new long[TensorArbitraries.length(s)];
          for (int i = 0; i < flat.length; i++) {
            flat[i] = rnd.nextInt(TensorArbitraries.length(target));
          }
          return OpCase.of("scatter_add(" + Arrays.toString(flat) + " into " + Arrays.toString(target) + ")",
              xs -> xs[0].apply(new ScatterAdd(flat, target)), x);
        }));
  }
}
