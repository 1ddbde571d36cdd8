package dev.rewind.core.ops;

import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.OpCase;
import dev.rewind.core.check.props.OpCaseContract;
import dev.rewind.core.check.props.TensorArbitraries;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;

/** broadcast_to: the left side of a broadcasting pair expanded to the pair's common shape. */
@Covers("broadcast_to")
class BroadcastToVjpProperties implements OpCaseContract {
  @Override
  public Arbitrary<OpCase> cases() {
    return TensorArbitraries.broadcastPairs().flatMap(p -> {
      long[] target = WhereVjpProperties.broadcast(p.left(), p.right());
      return TensorArbitraries.arrays(p.left(), Domain.real())
          .map(x -> OpCase.of("broadcastTo" + Arrays.toString(target), xs -> xs[0].broadcastTo(target), x));
    });
  }
}
