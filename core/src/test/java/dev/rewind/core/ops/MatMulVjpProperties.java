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

/**
 * matmul: 2-D with all four transpose combinations, batched 3-D (with transposes), and 3-D·2-D
 * (one matrix applied to every item); both operands are checked.
 */
@Covers("matmul")
class MatMulVjpProperties implements OpCaseContract {
  @Override
  public Arbitrary<OpCase> cases() {
    Arbitrary<Integer> dims = Arbitraries.integers().between(1, 4);
    Arbitrary<Integer> batches = Arbitraries.integers().between(0, 3); // 0: plain matrices
    Arbitrary<Boolean> flags = Arbitraries.of(true, false);
    Arbitrary<Boolean> rightIsMatrix = Arbitraries.of(true, false);
    return Combinators.combine(dims, dims, dims, batches, flags, flags, rightIsMatrix)
        .flatAs((m, k, n, batch, ta, tb, rightMatrix) -> {
          boolean mixed = batch > 0 && rightMatrix && !ta; // 3-D · 2-D
          long[] a = ta ? new long[] {k, m} : new long[] {m, k};
          long[] b = tb ? new long[] {n, k} : new long[] {k, n};
          long[] as = batch == 0 ? a : new long[] {batch, a[0], a[1]};
          long[] bs = batch == 0 || mixed ? b : new long[] {batch, b[0], b[1]};
          String desc = "matmul(" + Arrays.toString(as) + (ta ? "ᵀ" : "") + " · " + Arrays.toString(bs)
              + (tb ? "ᵀ" : "") + ")";
          return Combinators.combine(TensorArbitraries.arrays(as, Domain.real()), TensorArbitraries.arrays(bs, Domain.real()))
              .as((x, y) -> OpCase.of(desc, xs -> xs[0].matmul(xs[1], ta, tb), x, y));
        });
  }
}
