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

/** permute: a random permutation of the axes of a rank 0 to 4 input (transpose included). */
@Covers("permute")
class PermuteVjpProperties implements OpCaseContract {
  @Override
  public Arbitrary<OpCase> cases() {
    return TensorArbitraries.shapes().flatMap(s -> {
      Integer[] axes = new Integer[s.length];
      Arrays.setAll(axes, i -> i);
      return Combinators.combine(TensorArbitraries.arrays(s, Domain.real()), Arbitraries.shuffle(axes))
          .as((x, perm) -> {
            int[] p = perm.stream().mapToInt(Integer::intValue).toArray();
            return OpCase.of("permute" + Arrays.toString(p), xs -> xs[0].permute(p), x);
          });
    });
  }
}
