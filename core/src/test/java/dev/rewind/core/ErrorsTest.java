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

    /** -2·-3 = 6 elements passed the size check, and ND4J then failed with an unnamed error. */
    @Test
    void reshapeRefusesNegativeSizesWhoseProductMatches() {
      rejects(() -> A23.reshape(-2, -3), "reshape", "[2, 3]", "[-2, -3]", "-2");
      rejects(() -> A23.reshape(-3, -2), "reshape", "[-3, -2]", "negative");
      rejects(() -> A23.reshape(-1, -6), "reshape", "-6");
      rejects(() -> t(6).reshape(-1, -1, 6), "reshape", "-1");
      assertArrayEquals(new long[] {3, 2}, A23.reshape(-1, 2).shape());
    }

    /**
     * An axis named twice made ND4J's reductions write past their output (a JVM abort,
     * "malloc(): invalid next size") or reduce it twice; refused as NumPy's "duplicate value in axis".
     */
    @Test
    void reductionsRefuseAnAxisNamedTwice() {
      Map<String, java.util.function.Function<int[], Tensor>> ops = new LinkedHashMap<>();
      ops.put("sum", ax -> A23.sum(ax));
      ops.put("sum keepDims", ax -> A23.sum(true, ax));
      ops.put("max", ax -> A23.max(false, ax));
      ops.put("min", ax -> A23.min(true, ax));
      ops.put("mean", ax -> A23.mean(ax));
      ops.put("variance", ax -> A23.variance(false, ax));
      ops.put("log_sum_exp", ax -> A23.logSumExp(false, ax));
      for (int[] axes : new int[][] {{0, 0}, {1, -1}, {-2, 0, 1}}) {
        String named = Arrays.toString(axes);
        ops.forEach((name, op) -> rejects(() -> op.apply(axes), name.split(" ")[0], "duplicate", named));
      }
      for (boolean keep : new boolean[] {false, true}) {
        rejects(() -> A23.sum(keep, 0, 0), "sum", "duplicate", "[0, 0]", "axis 0 is named twice");
        rejects(() -> A23.max(keep, 1, -1), "max", "[1, -1]", "same axis 1");
        rejects(() -> A23.variance(keep, 1, -1), "variance", "[1, -1]");
      }
      rejects(() -> A23.mean(1, -1), "mean", "[1, -1]", "[2, 3]");
      assertArrayEquals(new double[] {6}, A23.sum(0, 1).toDoubleArray(), 0.0);
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

    /** ND4J's gather failed natively on no indices; the result is empty, its gradient zeros. */
    @Test
    void gatherWithNoIndicesGivesAnEmptyResult() {
      Tensor x = Tensor.variable(Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}));
      try (Tape tape = Tape.record()) {
        Tensor y = x.gather(1, Tensor.of(Nd4j.create(DataType.LONG, 2, 0)));
        assertArrayEquals(new long[] {2, 0}, y.shape());
        assertEquals(DataType.DOUBLE, y.dtype());
        Tensor g = tape.gradient(y.sum(), x)[0];
        assertArrayEquals(new double[6], g.toDoubleArray(), 0.0);
      }
      Tensor e = Tensor.zeros(DataType.DOUBLE, 0, 3);
      assertArrayEquals(new long[] {0, 3}, e.gather(0, Tensor.of(Nd4j.create(DataType.DOUBLE, 0, 3))).shape());
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
  class Indices {
    /** A fractional index or label lies inside the range: it is refused as not an integer, not as out of range. */
    @Test
    void aFractionalIndexOrLabelIsNamedNotAnInteger() {
      Tensor x = Tensor.of(Nd4j.createFromArray(1.0, 2.0, 3.0));
      rejects(() -> x.gather(0, Tensor.of(Nd4j.createFromArray(0.5))), "gather", "index 0.5", "not an integer");
      rejects(() -> Tensor.oneHot(Tensor.of(Nd4j.createFromArray(1.7, 0.0)), 3, DataType.DOUBLE),
          "one_hot", "label 1.7", "not an integer");
      rejects(() -> x.gather(0, Tensor.of(Nd4j.createFromArray(3L))), "index 3.0", "outside [0, 3)");
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

    /**
     * ND4J gave int + float an INT result ([2, 4, 6] for [1, 2, 3] + [1.5, 2.5, 3.5]), float + int
     * a silent cast, and float·int matmul an unnamed native error: every input is checked.
     */
    @Test
    void integerAndFloatingInputsAreRefusedNotCast() {
      Tensor f = Tensor.of(new float[] {1.5f, 2.5f, 3.5f});
      Tensor i = Tensor.of(Nd4j.createFromArray(new int[] {1, 2, 3}));
      rejects(() -> i.add(f), "add", "INT", "FLOAT", "castTo");
      rejects(() -> f.add(i), "add", "FLOAT", "INT", "castTo");
      rejects(() -> i.mul(f), "mul", "INT", "FLOAT");
      rejects(() -> i.maximum(f), "maximum", "INT", "FLOAT");
      rejects(() -> f.pow(i), "pow", "FLOAT", "INT");
      rejects(() -> f.gt(i), "gt", "FLOAT", "INT");
      rejects(() -> Tensor.concat(0, f, i), "concat", "FLOAT", "INT");
      rejects(() -> Tensor.of(new float[][] {{1, 2}}).matmul(Tensor.of(Nd4j.createFromArray(new int[][] {{1}, {2}}))),
          "matmul", "FLOAT", "INT", "castTo");
      Tensor l = Tensor.of(Nd4j.createFromArray(1L, 2L, 3L));
      rejects(() -> i.add(l), "add", "INT", "LONG");
      // the same types still work, and a cast makes the mix explicit
      assertArrayEquals(new double[] {2, 4, 6}, i.add(i).toDoubleArray(), 0.0);
      assertArrayEquals(new double[] {2.5, 4.5, 6.5}, f.add(i.castTo(DataType.FLOAT)).toDoubleArray(), 0.0);
    }

    /** where's mask is declared a mask input: it may be of any type; a and b may not mix. */
    @Test
    void whereTakesAMaskOfAnyTypeButNotMixedBranches() {
      Tensor a = Tensor.of(1.0, 2.0, 3.0);
      Tensor b = Tensor.of(-1.0, -2.0, -3.0);
      for (INDArray mask : new INDArray[] {Nd4j.createFromArray(1, 0, 2), Nd4j.createFromArray(true, false, true),
          Nd4j.createFromArray(1f, 0f, 0.5f), Nd4j.createFromArray(new long[] {1, 0, 1})}) {
        assertArrayEquals(new double[] {1, -2, 3}, Tensor.where(Tensor.of(mask), a, b).toDoubleArray(), 0.0,
            mask.dataType() + " mask");
      }
      Tensor w = Tensor.variable(Nd4j.createFromArray(1.0, 2.0, 3.0));
      try (Tape tape = Tape.record()) {
        Tensor y = Tensor.where(Tensor.of(Nd4j.createFromArray(1, 0, 3)), w, w.mul(10.0));
        assertArrayEquals(new double[] {1, 10, 1}, tape.gradient(y.sum(), w)[0].toDoubleArray(), 0.0);
      }
      // broadcast masks of other types: a column [2, 1] selecting rows of [2, 3]
      Tensor rows = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
      for (INDArray col : new INDArray[] {Nd4j.createFromArray(new boolean[][] {{false}, {true}}),
          Nd4j.createFromArray(new int[][] {{0}, {7}}), Nd4j.createFromArray(new float[][] {{0}, {1}})}) {
        assertArrayEquals(new double[] {0, 0, 0, 4, 5, 6}, Tensor.where(Tensor.of(col), rows, Tensor.scalar(0, DataType.DOUBLE))
            .toDoubleArray(), 0.0, col.dataType() + " column mask");
      }
      rejects(() -> Tensor.where(Tensor.of(1.0, 0.0, 1.0), a, Tensor.of(new float[] {1, 2, 3})), "where", "DOUBLE", "FLOAT");
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

    /** concat's VJP sliced a zero-length range for an empty input and failed. */
    @Test
    void concatWithAnEmptyInputHasGradientsForBoth() {
      Tensor e = Tensor.variable(Nd4j.zeros(DataType.DOUBLE, 0, 3));
      Tensor v = Tensor.variable(Nd4j.createFromArray(new double[][] {{1, 2, 3}}));
      try (Tape tape = Tape.record()) {
        Tensor y = Tensor.concat(0, e, v, e);
        assertArrayEquals(new long[] {1, 3}, y.shape());
        Tensor[] g = tape.gradient(y.mul(Tensor.of(new double[][] {{1, 10, 100}})).sum(), e, v);
        assertArrayEquals(new long[] {0, 3}, g[0].shape());
        assertArrayEquals(new double[] {1, 10, 100}, g[1].toDoubleArray(), 0.0);
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
