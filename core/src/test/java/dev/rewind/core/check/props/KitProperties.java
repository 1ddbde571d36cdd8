package dev.rewind.core.check.props;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/** The kit's own guarantees: what it generates, and that it catches a wrong VJP. */
class KitProperties {

  @Property(tries = 100)
  void shapesStaySmall(@ForAll("anyShape") long[] s) {
    assertTrue(s.length <= 4 && TensorArbitraries.length(s) <= TensorArbitraries.MAX_ELEMENTS, Arrays.toString(s));
    assertTrue(Arrays.stream(s).allMatch(d -> d >= 1), Arrays.toString(s));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<long[]> anyShape() {
    return TensorArbitraries.shapes();
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<ShapePair> anyPair() {
    return TensorArbitraries.broadcastPairs();
  }

  @Property(tries = 100)
  void broadcastPairsBroadcast(@ForAll("anyPair") ShapePair p) {
    long[] a = p.left();
    long[] b = p.right();
    int r = Math.max(a.length, b.length);
    for (int i = 0; i < r; i++) {
      long x = i < r - a.length ? 1 : a[i - (r - a.length)];
      long y = i < r - b.length ? 1 : b[i - (r - b.length)];
      assertTrue(x == y || x == 1 || y == 1, p.toString());
    }
    // and the ops agree: an add of the two shapes has the NumPy shape
    INDArray s = Tensor.of(Nd4j.zeros(DataType.DOUBLE, a)).add(Tensor.of(Nd4j.zeros(DataType.DOUBLE, b))).value();
    assertTrue(s.rank() == r, p + " gave " + Arrays.toString(s.shape()));
  }

  @Property(tries = 100)
  void fittedValuesStayInTheirDomain(@ForAll double raw) {
    Domain d = Domain.between(-3, 3).awayFrom(-1, 0, 1);
    double[] v = d.fit(new double[] {raw});
    assertTrue(d.contains(v[0]), raw + " -> " + v[0]);
  }

  /**
   * Kinks closer than two margins (a soft threshold at ±0.05) made fit() push a value past one
   * kink into the other's margin and back, then throw "kinks are too close together" for every
   * draw between them, though the domain has room on either side.
   */
  @Property(tries = 100)
  void valuesBetweenCloseKinksArePushedPastBoth(@ForAll @DoubleRange(min = -0.2, max = 0.2) double raw) {
    Domain d = Domain.real().awayFrom(-0.05, 0.05);
    double[] v = d.fit(new double[] {raw});
    assertTrue(d.contains(v[0]), raw + " -> " + v[0]);
    Domain three = Domain.between(-3, 3).awayFrom(0.5, 0.55, 0.62);
    double[] w = three.fit(new double[] {raw + 0.55});
    assertTrue(three.contains(w[0]), raw + 0.55 + " -> " + w[0]);
  }

  @Property(tries = 50)
  void distinctValuesHaveNoTies(@ForAll("anyShape") long[] s) {
    double[] v = TensorArbitraries.values(TensorArbitraries.length(s), Domain.real().distinct()).sample();
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      assertTrue(sorted[i] - sorted[i - 1] >= 4.0 / (2 * sorted.length) - 1e-12, Arrays.toString(sorted));
    }
  }

  /** A tanh whose VJP forgets the square: 1 − y instead of 1 − y². */
  static final Primitive WRONG_TANH = Primitive.of("wrong_tanh",
      (ex, x) -> ex.run(new Tanh(x[0], x[0].ulike())),
      (g, y, x) -> new Tensor[] {g.mul(y.rsub(1.0))});

  @Example
  void aContractCatchesAWrongVjp() {
    UnaryOpContract contract = () -> UnaryOpContract.primitive(WRONG_TANH);
    // Not an all-zero edge case: at x = 0 the wrong VJP g·(1 − y) equals the right one.
    OpCase c = contract.unaryOpCases()
        .filter(k -> k.inputs()[0].length() > 1 && k.inputs()[0].amaxNumber().doubleValue() > 0.1).sample();
    AssertionError e = assertThrows(AssertionError.class, c::check);
    assertTrue(e.getMessage().contains("wrong_tanh"), e.getMessage());
  }

  @Example
  void domainsRefuseImpossibleSettings() {
    assertThrows(IllegalArgumentException.class, () -> Domain.between(1, 0));
    assertThrows(IllegalArgumentException.class, () -> Domain.real().awayFrom(0).distinct());
    assertThrows(IllegalArgumentException.class, () -> Domain.between(-0.01, 0.01).awayFrom(0));
    // two kinks whose margins join over the whole interval, though neither alone covers it
    assertThrows(IllegalArgumentException.class, () -> Domain.between(-0.08, 0.08).awayFrom(-0.04, 0.04));
  }
}
