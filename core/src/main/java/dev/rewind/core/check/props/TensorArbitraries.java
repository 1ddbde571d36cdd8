package dev.rewind.core.check.props;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * jqwik generators for gradient checks: shapes of rank 0 to 4 with at most {@value #MAX_ELEMENTS}
 * elements (a full Jacobian stays cheap), pairs of shapes that broadcast, and float64 arrays with
 * values inside a {@link Domain}.
 *
 * <pre>{@code
 * @Property(tries = 40)
 * void swishVjp(@ForAll("points") INDArray x) {
 *   GradCheck.of("swish", t -> t.mul(t.sigmoid())).at(x).check();
 * }
 *
 * @Provide
 * Arbitrary<INDArray> points() {
 *   return TensorArbitraries.arrays(TensorArbitraries.shapes(), Domain.real());
 * }
 * }</pre>
 */
public final class TensorArbitraries {
  /** The largest number of elements a generated shape has. */
  public static final int MAX_ELEMENTS = 64;

  private TensorArbitraries() {}

  /** Shapes of rank 0 (a scalar) to 4. */
  public static Arbitrary<long[]> shapes() {
    return shapes(0, 4);
  }

  /**
   * Shapes of rank {@code minRank} to {@code maxRank} (at most 4), each size at least 1, with at
   * most {@value #MAX_ELEMENTS} elements; sizes are smaller at higher ranks.
   */
  public static Arbitrary<long[]> shapes(int minRank, int maxRank) {
    if (minRank < 0 || maxRank > 4 || minRank > maxRank) {
      throw new IllegalArgumentException("TensorArbitraries.shapes(" + minRank + ", " + maxRank
          + "): ranks must satisfy 0 <= minRank <= maxRank <= 4");
    }
    return Arbitraries.integers().between(minRank, maxRank).flatMap(TensorArbitraries::shapesOfRank);
  }

  /** Shapes of exactly {@code rank} axes (0 to 4) with at most {@value #MAX_ELEMENTS} elements. */
  public static Arbitrary<long[]> shapesOfRank(int rank) {
    if (rank == 0) {
      return Arbitraries.just(new long[0]);
    }
    long maxSize = switch (rank) {
      case 1 -> 8;
      case 2 -> 6;
      case 3 -> 4;
      default -> 3;
    };
    return Arbitraries.longs().between(1, maxSize).array(long[].class).ofSize(rank)
        .filter(s -> length(s) <= MAX_ELEMENTS);
  }

  /**
   * Pairs of shapes that broadcast: both derive from one shape by setting some sizes to 1 and
   * dropping leading axes, so equal shapes, {@code [n,1]} with {@code [1,m]}, {@code [m]} with
   * {@code [n,m]}, a scalar with anything, and rank 3 and 4 mixes all come up.
   */
  public static Arbitrary<ShapePair> broadcastPairs() {
    return broadcastPairs(0, 4);
  }

  /** Broadcasting pairs whose common shape has rank {@code minRank} to {@code maxRank}. */
  public static Arbitrary<ShapePair> broadcastPairs(int minRank, int maxRank) {
    return shapes(minRank, maxRank).flatMap(s -> {
      int r = s.length;
      Arbitrary<int[]> ones = Arbitraries.integers().between(0, 2).array(int[].class).ofSize(r);
      Arbitrary<Integer> drop = Arbitraries.integers().between(0, r);
      return Combinators.combine(ones, drop, drop).as((o, dropLeft, dropRight) -> {
        long[] a = s.clone();
        long[] b = s.clone();
        for (int i = 0; i < r; i++) {
          if (o[i] == 1) {
            a[i] = 1;
          } else if (o[i] == 2) {
            b[i] = 1;
          }
        }
        // dropping leading axes of only one side keeps the pair broadcastable
        return dropLeft > dropRight
            ? new ShapePair(Arrays.copyOfRange(a, dropLeft, r), b)
            : new ShapePair(a, Arrays.copyOfRange(b, dropRight, r));
      });
    });
  }

  /** Float64 arrays of the given shapes with values in {@code domain}. */
  public static Arbitrary<INDArray> arrays(Arbitrary<long[]> shapes, Domain domain) {
    return shapes.flatMap(s -> arrays(s, domain));
  }

  /** Float64 arrays of one shape with values in {@code domain}. */
  public static Arbitrary<INDArray> arrays(long[] shape, Domain domain) {
    return values(length(shape), domain).map(v -> array(v, shape));
  }

  /** {@code n} raw values in {@code domain}. */
  public static Arbitrary<double[]> values(int n, Domain domain) {
    return Arbitraries.doubles().between(domain.lo(), domain.hi()).array(double[].class).ofSize(n)
        .map(domain::fit);
  }

  /**
   * Two float64 arrays shaped by {@code pair}; when the domain is {@link Domain#distinct()}, all
   * values of both are distinct together (no ties between the two sides either, for maximum).
   */
  public static Arbitrary<INDArray[]> arrayPairs(ShapePair pair, Domain left, Domain right) {
    long[] a = pair.left();
    long[] b = pair.right();
    int na = length(a);
    int nb = length(b);
    if (left.isDistinct() && right.isDistinct()) {
      Domain joint = Domain.between(Math.min(left.lo(), right.lo()), Math.max(left.hi(), right.hi())).distinct();
      return values(na + nb, joint).map(v -> new INDArray[] {
        array(Arrays.copyOfRange(v, 0, na), a), array(Arrays.copyOfRange(v, na, na + nb), b)});
    }
    return Combinators.combine(values(na, left), values(nb, right))
        .as((u, v) -> new INDArray[] {array(u, a), array(v, b)});
  }

  /** A float64 array of {@code shape} holding {@code values} in row-major order. */
  public static INDArray array(double[] values, long[] shape) {
    if (shape.length == 0) {
      return Nd4j.scalar(DataType.DOUBLE, values[0]);
    }
    return Nd4j.createFromArray(values.clone()).reshape('c', shape);
  }

  /** The number of elements of a shape. */
  public static int length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return Math.toIntExact(n);
  }
}
