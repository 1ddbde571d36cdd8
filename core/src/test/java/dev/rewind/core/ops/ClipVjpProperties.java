package dev.rewind.core.ops;

import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.OpCase;
import dev.rewind.core.check.props.OpCaseContract;
import dev.rewind.core.check.props.TensorArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** clip: random bounds, values kept 0.05 away from both of them. */
@Covers("clip")
class ClipVjpProperties implements OpCaseContract {
  @Override
  public Arbitrary<OpCase> cases() {
    Arbitrary<Double> lows = Arbitraries.doubles().between(-1.5, -0.2).ofScale(2);
    Arbitrary<Double> highs = Arbitraries.doubles().between(0.2, 1.5).ofScale(2);
    return Combinators.combine(lows, highs).flatAs((lo, hi) ->
        TensorArbitraries.arrays(TensorArbitraries.shapes(), Domain.real().awayFrom(lo, hi))
            .map(x -> OpCase.of("clip(" + lo + ", " + hi + ")", xs -> xs[0].clip(lo, hi), x)));
  }
}
