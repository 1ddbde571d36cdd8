package dev.rewind.core.check.props;

import dev.rewind.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A jqwik contract for a reduction over axes with a keep-dims flag (sum, max, log-sum-exp,
 * variance): implement {@link #reduce}; the inherited property checks it on shapes of rank 1 to
 * 4, over a random subset of axes (none meaning all; some given as negative axes), with and
 * without keep-dims.
 *
 * <pre>{@code
 * @Covers("max")
 * class MaxVjpProperties implements ReductionContract {
 *   public Tensor reduce(Tensor x, boolean keepDims, int... axes) { return x.max(keepDims, axes); }
 *   public Domain domain() { return Domain.real().distinct(); }
 * }
 * }</pre>
 */
public interface ReductionContract extends OpContract {

  /** The reduction under test. */
  Tensor reduce(Tensor x, boolean keepDims, int... axes);

  /** Where the input is drawn from; {@link Domain#real()} unless overridden. */
  default Domain domain() {
    return Domain.real();
  }

  /** The input shapes; rank 1 to 4 unless overridden. */
  default Arbitrary<long[]> shapes() {
    return TensorArbitraries.shapes(1, 4);
  }

  /** Generated cases; not meant to be overridden. */
  @Provide
  default Arbitrary<OpCase> reductionCases() {
    Domain d = domain();
    return shapes().flatMap(s -> {
      int r = s.length;
      Arbitrary<boolean[]> chosen = Arbitraries.of(true, false).list().ofSize(r).map(l -> {
        boolean[] b = new boolean[r];
        for (int i = 0; i < r; i++) {
          b[i] = l.get(i);
        }
        return b;
      });
      Arbitrary<boolean[]> negative = chosen; // an independent draw: which chosen axes to spell negatively
      return Combinators.combine(TensorArbitraries.arrays(s, d), chosen, negative, Arbitraries.of(true, false))
          .as((x, pick, neg, keep) -> {
            List<Integer> axes = new ArrayList<>();
            for (int i = 0; i < r; i++) {
              if (pick[i]) {
                axes.add(neg[i] ? i - r : i);
              }
            }
            int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
            String desc = opName() + "(keepDims=" + keep + ", axes=" + Arrays.toString(ax) + ")";
            return OpCase.of(desc, xs -> reduce(xs[0], keep, ax), x).tune(this::tune);
          });
    });
  }

  /** The VJP agrees with central differences for every generated shape, axis set and flag. */
  @Property(tries = 40)
  default void vjpMatchesCentralDifferences(@ForAll("reductionCases") OpCase c) {
    c.check();
  }
}
