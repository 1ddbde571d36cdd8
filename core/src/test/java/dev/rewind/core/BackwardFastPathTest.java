package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast backward path (in-place accumulation, cotangents released as the pass goes) gives
 * the same gradients as the composed path a persistent tape takes, on graphs built to alias
 * cotangents: an input used twice by one op, sums passing their cotangent to both inputs,
 * reshape views, fan-out into many consumers.
 */
class BackwardFastPathTest {

  private static double[][] grads(boolean fast, Function<Tensor[], Tensor> f, Tensor... xs) {
    try (Tape tape = fast ? Tape.record() : Tape.persistent()) {
      Tensor[] g = tape.gradient(f.apply(xs), xs);
      double[][] out = new double[g.length][];
      for (int i = 0; i < g.length; i++) {
        out[i] = g[i].toDoubleArray();
      }
      return out;
    }
  }

  private static void agree(Function<Tensor[], Tensor> f, Tensor... xs) {
    double[][] slow = grads(false, f, xs);
    double[][] fast = grads(true, f, xs);
    for (int i = 0; i < xs.length; i++) {
      assertArrayEquals(slow[i], fast[i], 1e-12, "gradient " + i);
    }
  }

  private static Tensor var(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Tensor.variable(Nd4j.rand(DataType.DOUBLE, shape).muli(2).subi(1));
  }

  @Test
  void inputUsedTwiceByOneOp() {
    agree(x -> x[0].add(x[0]).mul(x[0]).sum(), var(1, 3, 4));
  }

  @Test
  void sumCotangentSharedByBothInputsThenAccumulatedAgain() {
    // c = a + b hands the same cotangent to a and b; a and b get more contributions later.
    agree(x -> {
      Tensor c = x[0].add(x[1]);
      return c.tanh().add(c).add(x[0].mul(3)).add(x[1].square()).sum();
    }, var(2, 2, 3), var(3, 2, 3));
  }

  @Test
  void reshapeViewsAndBroadcasting() {
    agree(x -> {
      Tensor h = x[0].reshape(6, 2).reshape(3, 4);
      Tensor s = h.add(x[1]).add(h).mul(h);
      return s.sum(true, 0).add(s.sum(true, 0)).mean();
    }, var(4, 3, 4), var(5, 1, 4));
  }

  @Test
  void intermediateTargetKeepsItsGradient() {
    Tensor x = var(6, 4);
    try (Tape tape = Tape.record()) {
      Tensor h = x.mul(2.0);
      Tensor y = h.add(h).add(x).sum();
      Tensor[] g = tape.gradient(y, h, x);
      assertFalse(g[0].isReleased());
      assertArrayEquals(new double[] {2, 2, 2, 2}, g[0].toDoubleArray(), 1e-12);
      assertArrayEquals(new double[] {5, 5, 5, 5}, g[1].toDoubleArray(), 1e-12);
    }
  }

  @Test
  void mlpLikeGraph() {
    agree(x -> {
      Tensor h = x[0].matmul(x[1]).add(x[2]).tanh();
      h = h.matmul(x[1].transpose()).relu().add(x[0]);
      return h.logSoftmax(1).mul(h).sum().add(h.square().mean());
    }, var(7, 5, 4), var(8, 4, 4), var(9, 4));
  }

  @Property(tries = 30)
  void randomChainsWithFanOut(@ForAll @IntRange(min = 1, max = 6) int depth,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    agree(x -> {
      java.util.Random r = new java.util.Random(seed);
      Tensor a = x[0];
      Tensor b = x[1];
      for (int i = 0; i < depth; i++) {
        Tensor n = switch (r.nextInt(5)) {
          case 0 -> a.add(b);
          case 1 -> a.mul(b);
          case 2 -> a.tanh().add(a);
          case 3 -> b.sub(a).mul(0.5);
          default -> a.add(a).add(b);
        };
        b = a;
        a = n;
      }
      return a.add(b).sum();
    }, var(seed, 2, 3), var(seed + 1, 2, 3));
  }

  /** y = 2x, whose VJP remembers each cotangent it was handed. */
  private static final class Spy implements Primitive {
    final List<Tensor> seen = new ArrayList<>();

    @Override
    public String name() {
      return "spy_double";
    }

    @Override
    public INDArray forward(Executor ex, INDArray... x) {
      return ex.dup(x[0]).muli(2);
    }

    @Override
    public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
      seen.add(g);
      return new Tensor[] {g.mul(2.0)};
    }
  }

  /** The "intermediates freed as the backward pass passes them": not at tape close. */
  @Test
  void cotangentsMadeByThePassAreReleasedOnceTheirConsumerRan() {
    Spy spy = new Spy();
    Tensor x = var(10, 3, 2);
    try (Tape tape = Tape.record()) {
      Tensor h = Tensor.call(spy, Tensor.call(spy, Tensor.call(spy, x)));
      Tensor g = tape.gradient(h.sum(), x)[0];
      assertArrayEquals(new double[] {8, 8, 8, 8, 8, 8}, g.toDoubleArray(), 1e-12);
      assertEquals(3, spy.seen.size());
      for (Tensor c : spy.seen) {
        assertTrue(c.isReleased(), "a cotangent the pass made and used is freed during the pass");
      }
      assertFalse(g.isReleased());
    }
  }
}
