package dev.rewind.core.check.props;

import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A jqwik contract for an element-wise (or any shape-generic) op of one tensor: implement
 * {@link #op()} and, where the op is not smooth everywhere, {@link #domain()}; the inherited
 * property gradient-checks it on generated shapes (rank 0 to 4) and values.
 *
 * <pre>{@code
 * @Covers("swish")
 * class SwishVjpProperties implements UnaryOpContract {
 *   public Function<Tensor, Tensor> op() { return UnaryOpContract.primitive(new Swish()); }
 * }
 *
 * @Covers("relu")
 * class ReluVjpProperties implements UnaryOpContract {
 *   public Function<Tensor, Tensor> op() { return Tensor::relu; }
 *   public Domain domain() { return Domain.real().awayFrom(0); }
 * }
 * }</pre>
 */
public interface UnaryOpContract extends OpContract {

  /** The op under test. */
  Function<Tensor, Tensor> op();

  /** Where its input is drawn from; {@link Domain#real()} unless overridden. */
  default Domain domain() {
    return Domain.real();
  }

  /** The input shapes; rank 0 to 4 unless overridden. */
  default Arbitrary<long[]> shapes() {
    return TensorArbitraries.shapes();
  }

  /** Generated cases; not meant to be overridden. */
  @Provide
  default Arbitrary<OpCase> unaryOpCases() {
    Function<Tensor, Tensor> f = op();
    return TensorArbitraries.arrays(shapes(), domain())
        .map(x -> OpCase.of(opName(), xs -> f.apply(xs[0]), x).tune(this::tune));
  }

  /** The VJP agrees with central differences at every generated point. */
  @Property(tries = 40)
  default void vjpMatchesCentralDifferences(@ForAll("unaryOpCases") OpCase c) {
    c.check();
  }

  /** The op {@code x -> x.apply(p)} of a primitive of one input. */
  static Function<Tensor, Tensor> primitive(Primitive p) {
    return x -> x.apply(p);
  }
}
