package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.check.LeakCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every primitive's forward and backward pass frees what it allocates (the tape releases its
 * tensors, the executor its temporaries): nothing is left for the garbage collector, whose
 * collections a large fixed heap may put off for thousands of steps while resident memory grows.
 * Before this test, {@code concat} (and so {@code slice}'s VJP), {@code oneHot} and
 * {@code toDoubleArray()} each left an op context or a copy per call.
 */
class NoGcLeftoversTest {
  @AfterEach
  void restore() {
    Replay.clear();
  }

  /** One use of each primitive of the table ({@code Primitives}), as a function of x [4, 5]. */
  private static Map<String, UnaryOperator<Tensor>> uses() {
    Map<String, UnaryOperator<Tensor>> m = new LinkedHashMap<>();
    Tensor c = Tensor.of(Nd4j.rand(DataType.DOUBLE, 4, 5).addi(0.5));
    m.put("add sub mul div neg", x -> x.add(c).sub(c).mul(c).div(c).neg());
    m.put("pow", x -> x.pow(x));
    m.put("scalars", x -> x.pow(0.75).add(1).mul(2).div(3).rsub(1));
    m.put("exp log sqrt abs sin cos", x -> x.exp().log().sqrt().abs().sin().cos());
    m.put("sigmoid tanh", x -> x.sigmoid().tanh());
    m.put("activations", x -> x.relu().leakyRelu(0.1).hardTanh().softsign().softplus().elu());
    m.put("maximum minimum clip", x -> x.maximum(c).minimum(c).clip(0.6, 1.2));
    m.put("where compare", x -> Tensor.where(x.gt(c), x, c).add(x.lt(1.0).castTo(DataType.DOUBLE)));
    m.put("matmul permute", x -> x.matmul(x, false, true).permute(1, 0));
    m.put("reshape broadcastTo", x -> x.reshape(5, 4).sum(0).broadcastTo(5, 4));
    m.put("reductions", x -> x.sum(0).add(x.max(false, 0)).add(x.min(false, 0)).add(x.logSumExp(false, 0))
        .add(x.variance(false, 0)));
    m.put("softmax logSoftmax", x -> x.softmax(1).add(x.logSoftmax(1)));
    m.put("concat slice", x -> Tensor.concat(1, x, x).slice(1, 2, 7));
    m.put("gather", x -> x.gather(1, Tensor.of(Nd4j.createFromArray(new long[][] {{0}, {2}, {1}, {4}}))));
    m.put("cast", x -> x.castTo(DataType.FLOAT).castTo(DataType.DOUBLE));
    m.put("sign argmax oneHot", x -> x.mul(Tensor.oneHot(x.argmax(1), 5, DataType.DOUBLE)).add(x.sign()));
    m.put("bernoulliMask", x -> x.mul(Tensor.bernoulliMask(0.5, 7, DataType.DOUBLE, 4, 5)));
    m.put("toDoubleArray", x -> {
      x.transpose().mul(1.0).toDoubleArray(); // a view's values: read through a copy
      return x.mul(1.0);
    });
    return m;
  }

  /**
   * With replay on (the default). Without it, each reshape or broadcast view still leaves ND4J's
   * view descriptor (a few hundred bytes) to the collector: a view's buffer cannot be freed
   * safely while ND4J may share it with another view, and replay reuses the view instead.
   */
  @Test
  void noPrimitiveLeavesArraysOrContextsToTheCollector() {
    boolean replay = true;
    Tensor x = Tensor.variable(Nd4j.rand(DataType.DOUBLE, 4, 5).addi(0.5));
    for (Map.Entry<String, UnaryOperator<Tensor>> e : uses().entrySet()) {
      double left = LeakCheck.perStep(() -> {
        try (Tape tape = Tape.record()) {
          tape.gradient(e.getValue().apply(x).sum(), x);
        }
      }, 20);
      assertTrue(left <= 0.05, e.getKey() + " left " + left + " native objects per step (replay " + replay + ")");
    }
  }

  /**
   * Operands that are views: a strided column broadcast against a matrix (its copy brought to
   * the matrix's rank), and a transposed input reshaped. Each copy was made with {@code dup}
   * outside the plan and returned inside a reshaped view that owned nothing, so every step left
   * the copy and a view descriptor to the collector (2 per use, with replay on).
   */
  @Test
  void viewOperandsOfBroadcastsAndReshapesLeaveNothingToTheCollector() {
    Tensor x = Tensor.variable(Nd4j.rand(DataType.DOUBLE, 4, 5));
    Tensor col = Tensor.variable(Nd4j.rand(DataType.DOUBLE, 5, 3).getColumn(1)); // [5], stride 3
    Tensor xt = Tensor.variable(Nd4j.rand(DataType.DOUBLE, 5, 4).transpose()); // [4, 5], a view
    Map<String, java.util.function.Supplier<Tensor>> uses = new LinkedHashMap<>();
    uses.put("add", () -> x.add(col));
    uses.put("gt", () -> x.mul(x.gt(col)));
    uses.put("broadcastTo", () -> col.broadcastTo(4, 5).mul(x));
    uses.put("where", () -> Tensor.where(x.gt(0.5), x, col));
    uses.put("maximum", () -> x.maximum(col));
    uses.put("reshape", () -> xt.reshape(2, 10).mul(x.reshape(2, 10)));
    for (Map.Entry<String, java.util.function.Supplier<Tensor>> e : uses.entrySet()) {
      double left = LeakCheck.perStep(() -> {
        try (Tape tape = Tape.record()) {
          tape.gradient(e.getValue().get().sum(), x, col, xt);
        }
      }, 20);
      assertTrue(left <= 0.05, e.getKey() + " of a view left " + left + " native objects per step");
    }
  }

  /** Reshaping a view copies its elements in row-major order of its own shape. */
  @Test
  void reshapingAViewKeepsItsRowMajorOrder() {
    Tensor xt = Tensor.variable(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}}).transpose());
    try (Tape tape = Tape.record()) {
      Tensor y = xt.reshape(-1);
      org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 3, 5, 2, 4, 6}, y.toDoubleArray());
      Tensor g = tape.gradient(y.mul(Tensor.of(new double[] {1, 2, 3, 4, 5, 6})).sum(), xt)[0];
      org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, g.toDoubleArray());
    }
  }
}
