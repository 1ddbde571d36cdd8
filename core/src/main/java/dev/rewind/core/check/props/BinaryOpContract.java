package dev.rewind.core.check.props;

import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A jqwik contract for a broadcasting op of two tensors: implement {@link #op()} and, where
 * needed, the domains of each side; the inherited property gradient-checks both inputs on
 * generated broadcasting pairs ({@link TensorArbitraries#broadcastPairs()}: {@code [n,1]} with
 * {@code [1,m]}, {@code [m]} with {@code [n,m]}, scalars, equal shapes).
 *
 * <pre>{@code
 * @Covers("div")
 * class DivVjpProperties implements BinaryOpContract {
 *   public BiFunction<Tensor, Tensor, Tensor> op() { return Tensor::div; }
 *   public Domain rightDomain() { return Domain.positive(); }
 * }
 * }</pre>
 *
 * <p>For ops with ties (maximum, minimum) give both sides {@link Domain#distinct()}: the values
 * of the two inputs are then drawn distinct together.
 */
public interface BinaryOpContract extends OpContract {

  /** The op under test. */
  BiFunction<Tensor, Tensor, Tensor> op();

  /** Where the left input is drawn from; {@link Domain#real()} unless overridden. */
  default Domain leftDomain() {
    return Domain.real();
  }

  /** Where the right input is drawn from; the left domain unless overridden. */
  default Domain rightDomain() {
    return leftDomain();
  }

  /** The input shapes; every broadcasting pair up to rank 4 unless overridden. */
  default Arbitrary<ShapePair> shapePairs() {
    return TensorArbitraries.broadcastPairs();
  }

  /** Generated cases; not meant to be overridden. */
  @Provide
  default Arbitrary<OpCase> binaryOpCases() {
    BiFunction<Tensor, Tensor, Tensor> f = op();
    Domain l = leftDomain();
    Domain r = rightDomain();
    return shapePairs().flatMap(p -> TensorArbitraries.arrayPairs(p, l, r))
        .map(ab -> OpCase.of(opName(), xs -> f.apply(xs[0], xs[1]), ab).tune(this::tune));
  }

  /** Both VJPs agree with central differences at every generated pair. */
  @Property(tries = 40)
  default void vjpMatchesCentralDifferences(@ForAll("binaryOpCases") OpCase c) {
    c.check();
  }

  /** The op {@code (a, b) -> a.apply(p, b)} of a primitive of two inputs. */
  static BiFunction<Tensor, Tensor, Tensor> primitive(Primitive p) {
    return (a, b) -> a.apply(p, b);
  }
}
