package dev.rewind.core.ops;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Covers;
import dev.rewind.core.check.props.Domain;
import dev.rewind.core.check.props.OpCase;
import dev.rewind.core.check.props.OpCaseContract;
import dev.rewind.core.check.props.TensorArbitraries;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.nd4j.linalg.api.ndarray.INDArray;

/** concat: one to three parts differing in size along a random axis; every part is checked. */
@Covers("concat")
class ConcatVjpProperties implements OpCaseContract {
  @Override
  public Arbitrary<OpCase> cases() {
    Arbitrary<long[]> bases = TensorArbitraries.shapes(1, 3).filter(s -> TensorArbitraries.length(s) <= 8);
    return bases.flatMap(s -> Combinators.combine(
        Arbitraries.integers().between(-s.length, s.length - 1),
        Arbitraries.integers().between(1, 3).list().ofMinSize(1).ofMaxSize(3)).flatAs((axis, sizes) -> {
          int ax = Math.floorMod(axis, s.length);
          List<Arbitrary<INDArray>> parts = sizes.stream().map(k -> {
            long[] ps = s.clone();
            ps[ax] = k;
            return TensorArbitraries.arrays(ps, Domain.real());
          }).toList();
          return Combinators.combine(parts).as(xs -> OpCase.of(
              "concat(axis=" + axis + ", " + xs.size() + " parts)", ts -> Tensor.concat(axis, ts),
              xs.toArray(new INDArray[0])));
        }));
  }
}
