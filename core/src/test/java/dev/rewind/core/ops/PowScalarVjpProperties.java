package dev.rewind.core.ops;

import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.OpCase;
import dev.rewind.core.check.props.OpCaseContract;
import dev.rewind.core.check.props.TensorArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** pow_scalar: x^p for integer p on all reals, and fractional or negative p on positive x. */
@Covers("pow_scalar")
class PowScalarVjpProperties implements OpCaseContract {
  @Override
  public Arbitrary<OpCase> cases() {
    return Arbitraries.of(2.0, 3.0, 1.0, 0.5, 1.5, -1.0, -0.5, 2.5).flatMap(p -> {
      Domain d = p == Math.rint(p) && p > 0 ? Domain.real() : Domain.between(0.2, 3);
      return TensorArbitraries.arrays(TensorArbitraries.shapes(), d)
          .map(x -> OpCase.of("pow(" + p + ")", xs -> xs[0].pow(p), x));
    });
  }
}
