package dev.rewind.core.ops;

import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.OpCase;
import dev.rewind.core.check.props.OpCaseContract;
import dev.rewind.core.check.props.TensorArbitraries;
import net.jqwik.api.Arbitrary;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * cast: float64 → float32 → float64, whose Jacobian is the identity. Float32 rounding (~6e-8
 * relative) swamps a 1e-6 central difference, so this one check uses eps 1e-2 (exact for a linear
 * map) and atol 1e-4.
 */
@Covers("cast")
class CastVjpProperties implements OpCaseContract {
  @Override
  public Arbitrary<OpCase> cases() {
    return TensorArbitraries.arrays(TensorArbitraries.shapes(), Domain.real())
        .map(x -> OpCase.of("castTo(FLOAT).castTo(DOUBLE)", xs -> xs[0].castTo(DataType.FLOAT).castTo(DataType.DOUBLE), x)
            .tune(c -> c.eps(1e-2).tolerances(1e-4, 1e-3)));
  }
}
