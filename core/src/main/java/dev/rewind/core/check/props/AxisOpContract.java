package dev.rewind.core.check.props;

import dev.rewind.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A jqwik contract for an op along one axis (softmax, log-softmax, a cumulative op): implement
 * {@link #apply}; the inherited property checks it on shapes of rank 1 to 4 along every axis,
 * given as positive or negative.
 *
 * <pre>{@code
 * @Covers("softmax")
 * class SoftmaxVjpProperties implements AxisOpContract {
 *   public Tensor apply(Tensor x, int axis) { return x.softmax(axis); }
 * }
 * }</pre>
 */
public interface AxisOpContract extends OpContract {

  /** The op under test along {@code axis} (possibly negative). */
  Tensor apply(Tensor x, int axis);

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
  default Arbitrary<OpCase> axisCases() {
    Domain d = domain();
    return shapes().flatMap(s -> Combinators.combine(TensorArbitraries.arrays(s, d),
        Arbitraries.integers().between(-s.length, s.length - 1)).as((x, axis) ->
            OpCase.of(opName() + "(axis=" + axis + ")", xs -> apply(xs[0], axis), x).tune(this::tune)));
  }

  /** The VJP agrees with central differences along every generated axis. */
  @Property(tries = 40)
  default void vjpMatchesCentralDifferences(@ForAll("axisCases") OpCase c) {
    c.check();
  }
}
