package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hostile inputs (issue 7) fail loudly and precisely, never natively or silently: every op family
 * refuses bad shapes and axes at the call with an IllegalArgumentException naming the op and the
 * shapes; mixed dtypes are refused, not cast; empty tensors never crash natively; anomaly mode names
 * the op, the pass and the user's source line; a released tensor is a Java error.
 */
class ErrorsTest {
  private static final Tensor A23 = Tensor.ones(DataType.DOUBLE, 2, 3);
  private static final Tensor B24 = Tensor.ones(DataType.DOUBLE, 2, 4);

  private static Tensor t(long... shape) {
    return Tensor.zeros(DataType.DOUBLE, shape);
  }

  /** The caller's source line, for the anomaly messages that must name it. */
  private static int line() {
    return StackWalker.getInstance().walk(s -> s.skip(1).findFirst().orElseThrow()).getLineNumber();
  }

  /** Asserts an IllegalArgumentException whose message contains every fragment. */
  private static void rejects(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String f : fragments) {
      assertTrue(e.getMessage() != null && e.getMessage().contains(f), "'" + f + "' missing in: " + e.getMessage());
    }
  }

  @Nested
  class BadShapes {
    @Test
    void binaryBroadcastMismatchNamesOpAndBothShapes() {
      Map<String, BinaryOperator<Tensor>> ops = new LinkedHashMap<>();
      ops.put("add", Tensor::add);
      ops.put("sub", Tensor::sub);
      ops.put("mul", Tensor::mul);
      ops.put("div", Tensor::div);
      ops.put("maximum", Tensor::maximum);
      // last axis, first axis, both axes differ
      for (Tensor other : new Tensor[] {B24, t(4, 3), t(3, 2)}) {
        String shape = Arrays.toString(other.shape());
        ops.forEach((name, op) -> rejects(() -> op.apply(A23, other), name, "[2, 3]", shape, "broadcast"));
      }
      rejects(() -> Tensor.where(A23.gt(0.0), A23, B24), "where", "[2, 4]");
    }

    @Test
    void broadcastToAnIncompatibleShapeNamesBoth() {
      rejects(() -> A23.broadcastTo(2, 4), "broadcast_to", "[2, 3]", "[2, 4]");
      rejects(() -> A23.broadcastTo(4, 3), "broadcast_to", "[2, 3]", "[4, 3]");
    }

    @Test
    void matmulMismatchNamesTheInnerDimensions() {
      rejects(() -> t(32, 784).matmul(t(512, 10)), "matmul", "[32, 784]", "[512, 10]", "784", "512");
      rejects(() -> t(2, 2, 3).matmul(t(3, 3, 2)), "matmul", "batch sizes 2 and 3");
      rejects(() -> t(2, 3, 4).matmul(t(5, 4, 2)), "matmul", "[2, 3, 4]", "[5, 4, 2]");
      rejects(() -> t(4).matmul(A23), "matmul", "[4]", "rank");
    }

    @Test
    void reshapeNamesBothShapes() {
      rejects(() -> A23.reshape(4, 2), "reshape", "[2, 3]", "[4, 2]");
      rejects(() -> A23.reshape(-1, -1), "reshape", "[2, 3]");
    }

    @Test
    void concatNamesTheShapesAndTheAxis() {
      rejects(() -> Tensor.concat(0, A23, B24), "concat", "[2, 4]", "[2, 3]", "axis 0");
      rejects(() -> Tensor.concat(1, t(2, 3), t(4, 3)), "concat", "[2, 3]", "[4, 3]");
      rejects(() -> Tensor.concat(2, t(2, 3), t(2, 3)), "concat", "2");
    }

    @Test
    void sliceNamesTheRangeAndTheShape() {
      rejects(() -> A23.slice(1, 2, 5), "slice", "[2, 5)", "[2, 3]");
      rejects(() -> A23.slice(1, 2, 1), "slice", "[2, 3]");
      rejects(() -> A23.slice(2, 0, 1), "slice", "axis 2", "rank 2");
    }

    @Test
    void permuteNamesTheAxesAndTheShape() {
      rejects(() -> A23.permute(0, 0), "permute", "[0, 0]", "[2, 3]");
      rejects(() -> t(2, 3, 4).permute(0, 0, 1), "permute", "[2, 3, 4]");
      rejects(() -> A23.permute(1, 0, 2), "permute", "[1, 0, 2]");
      rejects(() -> t(2, 3, 4).permute(1, 0), "permute", "[2, 3, 4]");
    }

    @Test
    void gatherWithAnIndexOutOfRangeNamesTheIndex() {
      Tensor labels = Tensor.of(Nd4j.createFromArray(new long[][] {{0}, {3}}));
      rejects(() -> A23.gather(1, labels), "gather", "index 3", "[0, 3)", "[2, 3]");
      Tensor negative = Tensor.of(Nd4j.createFromArray(new long[][] {{-1}, {0}}));
      rejects(() -> A23.gather(1, negative), "gather", "index -1");
      rejects(() -> A23.gather(1, Tensor.of(Nd4j.createFromArray(0L, 1L))), "gather", "rank", "[n, 1]");
    }

    @Test
    void reductionsWithABadAxisNameTheOpTheAxisAndTheShape() {
      rejects(() -> A23.sum(2), "sum", "axis 2", "rank 2", "[2, 3]");
      rejects(() -> A23.mean(-3), "mean", "axis -3", "[2, 3]");
      rejects(() -> A23.max(true, 5), "max", "axis 5");
      rejects(() -> A23.max(false, 5), "max", "[2, 3]");
      rejects(() -> A23.min(false, 2), "min", "axis 2");
      rejects(() -> A23.logSumExp(true, 2), "log_sum_exp", "axis 2");
      rejects(() -> A23.logSumExp(false, 7), "log", "[2, 3]");
      rejects(() -> A23.variance(true, 7), "variance", "axis 7");
      rejects(() -> A23.softmax(2), "softmax", "axis 2", "[2, 3]");
      rejects(() -> A23.logSoftmax(-3), "log_softmax", "axis -3");
    }
  }

  @Nested
  class MixedDtypes {
    @Test
    void float32AndFloat64AreRefusedNotCast() {
      Tensor f = Tensor.ones(DataType.FLOAT, 2, 3);
      rejects(() -> A23.add(f), "add", "DOUBLE", "FLOAT", "castTo");
      rejects(() -> f.add(A23), "FLOAT", "DOUBLE");
      rejects(() -> A23.matmul(Tensor.ones(DataType.FLOAT, 3, 2)), "matmul", "DOUBLE", "FLOAT");
      rejects(() -> Tensor.concat(0, A23, f), "concat", "FLOAT");
      assertEquals(DataType.DOUBLE, f.castTo(DataType.DOUBLE).add(A23).dtype());
    }
  }

  @Nested
  class ClosedArrays {
    /** The direct BLAS and pairwise paths would read freed memory: the op must refuse first. */
    @Test
    void aTensorOverAClosedArrayIsRefusedByEveryKindOfOp() {
      for (String op : new String[] {"matmul", "mul", "sum", "tanh"}) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 4);
        Tensor t = Tensor.of(x);
        Tensor w = Tensor.of(Nd4j.rand(DataType.FLOAT, 4, 4));
        x.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
          switch (op) {
            case "matmul" -> t.matmul(w);
            case "mul" -> w.mul(t);
            case "sum" -> t.sum(false, 0);
            default -> t.tanh();
          }
        });
        String m = e.getMessage();
        assertTrue(m.contains("closed") && m.contains("[4, 4]") && m.contains(op.equals("sum") ? "sum" : op),
            op + ": " + m);
      }
    }
  }

  @Nested
  class Assign {
    /** ND4J's assign writes a larger source past the array's end (a crash later) and casts silently. */
    @Test
    void aSourceThatDoesNotFitOrHasAnotherTypeIsRefusedAndNothingIsWritten() {
      Tensor t = Tensor.zeros(DataType.FLOAT, 2, 3);
      rejects(() -> t.assign(Nd4j.ones(DataType.FLOAT, 40, 50)), "assign()", "[40, 50]", "[2, 3]");
      rejects(() -> t.assign(Nd4j.ones(DataType.FLOAT, 3, 2)), "assign()", "[3, 2]");
      rejects(() -> t.assign(Nd4j.ones(DataType.FLOAT, 3)), "assign()", "[3]", "broadcast");
      rejects(() -> t.assign(Nd4j.ones(DataType.DOUBLE, 2, 3)), "assign()", "DOUBLE", "FLOAT", "castTo");
      assertEquals(0.0, t.value().sumNumber().doubleValue());
      t.assign(Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}));
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.value().dup().data().asFloat());
      t.assign(Nd4j.scalar(DataType.FLOAT, 5f));
      assertEquals(30.0, t.value().sumNumber().doubleValue());
    }
  }

  @Nested
  class EmptyTensors {
    @Test
    void goThroughElementWiseOpsMatmulSoftmaxAndSums() {
      Tensor e = Tensor.variable(Nd4j.zeros(DataType.DOUBLE, 0, 3));
      try (Tape tape = Tape.record()) {
        Tensor y = e.tanh().exp().add(Tensor.ones(DataType.DOUBLE, 1, 3)).mul(2);
        assertArrayEquals(new long[] {0, 3}, y.shape());
        assertEquals(0, y.length());
        Tensor z = e.exp().add(1.0).mul(e);
        assertArrayEquals(new long[] {0, 3}, z.shape());
        assertArrayEquals(new long[] {0, 3}, e.softmax(1).shape());
        assertArrayEquals(new long[] {0, 2}, e.matmul(Tensor.ones(DataType.DOUBLE, 3, 2)).shape());
        Tensor cols = y.sum(0);
        assertArrayEquals(new long[] {3}, cols.shape());
        assertArrayEquals(new double[] {0, 0, 0}, cols.toDoubleArray(), 0.0);
        assertArrayEquals(new long[] {0}, y.sum(1).shape());
        Tensor total = y.sum();
        assertEquals(0.0, total.item(), 0.0, "a sum of nothing is 0");
        Tensor g = tape.gradient(total, e)[0];
        assertArrayEquals(new long[] {0, 3}, g.shape());
      }
    }

    @Test
    void reductionsThatNeedElementsRefuseThemClearly() {
      Tensor e = t(0, 3);
      rejects(() -> e.max(false), "max", "[0, 3]", "empty");
      rejects(() -> e.max(true, 0), "max", "[0, 3]", "empty");
      rejects(() -> e.max(false, 0), "max", "[0, 3]");
      rejects(() -> e.min(false), "min", "[0, 3]", "empty");
      rejects(() -> e.logSumExp(false), "log_sum_exp", "[0, 3]", "empty");
      rejects(() -> e.mean(), "mean", "[0, 3]");
      rejects(() -> e.variance(false, 0), "variance", "[0, 3]");
    }
  }

  @Nested
  class NonFiniteValues {
    @Test
    void flowThroughWithoutAnomalyMode() {
      Tensor x = Tensor.of(Nd4j.createFromArray(-1.0, Double.POSITIVE_INFINITY, Double.NaN, 4.0));
      double[] y = x.log().toDoubleArray();
      assertTrue(Double.isNaN(y[0]) && Double.isInfinite(y[1]) && Double.isNaN(y[2]));
      assertEquals(Math.log(4), y[3], 1e-15);
      // and in the backward pass: d√x/dx = ∞ at 0
      Tensor v = Tensor.variable(Nd4j.createFromArray(0.0, 4.0));
      try (Tape tape = Tape.record()) {
        double[] g = tape.gradient(v.sqrt().sum(), v)[0].toDoubleArray();
        assertTrue(Double.isInfinite(g[0]));
        assertEquals(0.25, g[1], 1e-12);
      }
    }

    @Test
    void anomalyModeNamesTheForwardOpAndTheUsersLine() {
      Tensor x = Tensor.variable(Nd4j.createFromArray(2.0, -1.0));
      int[] at = new int[1];
      try (Anomaly a = Anomaly.detect(); Tape tape = Tape.record()) {
        Tensor h = x.mul(3);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> {
          at[0] = line(); h.log();
        });
        String m = e.getMessage();
        assertTrue(m.startsWith("log produced NaN or infinity in the forward pass"), m);
        assertTrue(m.contains("[[2]]"), m);
        assertTrue(m.contains("ErrorsTest.java:" + at[0]), "line " + at[0] + " in: " + m);
      }
    }

    @Test
    void anomalyModeNamesTheBackwardOpProducingInfinity() {
      Tensor x = Tensor.variable(Nd4j.createFromArray(0.0, 4.0));
      int[] at = new int[1];
      try (Anomaly a = Anomaly.detect(); Tape tape = Tape.record()) {
        Tensor y = x.sqrt(); at[0] = line();
        Tensor loss = y.sum(); // forward is finite: √0 = 0
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> tape.gradient(loss, x));
        String m = e.getMessage();
        assertTrue(m.startsWith("sqrt produced NaN or infinity in the backward pass"), m);
        assertTrue(m.contains("sqrt([2])"), m);
        assertTrue(m.contains("ErrorsTest.java:" + at[0]), "line " + at[0] + " in: " + m);
      }
    }

    @Test
    void anomalyModeSaysWhenTheDataAlreadyHeldNaN() {
      Tensor x = Tensor.of(Nd4j.createFromArray(1.0, Double.NaN));
      try (Anomaly a = Anomaly.detect()) {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> x.mul(2));
        assertTrue(e.getMessage().contains("already held NaN"), e.getMessage());
      }
      assertTrue(Double.isNaN(x.mul(2).toDoubleArray()[1]), "off again after close");
    }
  }

  @Nested
  class ReleasedTensors {
    @Test
    void usingOneIsAJavaErrorNotANativeCrash() {
      Tensor t;
      try (Scope s = Scope.open()) {
        t = A23.exp();
      }
      Supplier<Tensor> use = () -> t.matmul(Tensor.ones(DataType.DOUBLE, 3, 1));
      IllegalStateException e = assertThrows(IllegalStateException.class, use::get);
      assertTrue(e.getMessage().contains("released"), e.getMessage());
    }
  }
}
