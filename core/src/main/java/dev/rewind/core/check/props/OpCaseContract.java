package dev.rewind.core.check.props;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The most general contract: implement {@link #cases()} to generate whole {@link OpCase}s (the
 * op's arguments, its inputs, which of them are constants) for ops whose arguments depend on the
 * shape — permute, reshape, slice, gather, matmul.
 *
 * <pre>{@code
 * @Covers("slice")
 * class SliceVjpProperties implements OpCaseContract {
 *   public Arbitrary<OpCase> cases() {
 *     return TensorArbitraries.arrays(TensorArbitraries.shapes(1, 4), Domain.real())
 *         .map(x -> OpCase.of("slice(0, 0, 1)", xs -> xs[0].slice(0, 0, 1), x));
 *   }
 * }
 * }</pre>
 */
public interface OpCaseContract {

  /** The generated cases. */
  Arbitrary<OpCase> cases();

  /** The cases as a jqwik provider; not meant to be overridden. */
  @Provide
  default Arbitrary<OpCase> opCases() {
    return cases();
  }

  /** The VJP agrees with central differences in every generated case. */
  @Property(tries = 40)
  default void vjpMatchesCentralDifferences(@ForAll("opCases") OpCase c) {
    c.check();
  }
}
