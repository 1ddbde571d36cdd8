package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewind.core.Tensor;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * add_scalar, mul_scalar and rsub_scalar run Java loops on plain float32/float64 arrays; they
 * must give ND4J's scalar ops' bits (the same IEEE operation in the same type), including on
 * NaN, infinities, signed zeros, and on views and half precision, which keep ND4J's op.
 */
class ScalarKernelsTest {
  private static final double[] VALUES = {0.0, -0.0, 1.5, -3.25, 1e-30, -7e30, Double.NaN,
    Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 1e-45, 3.4e38};
  private static final double[] CONSTANTS = {0.1, -0.0, 2.0, 1e-3, Double.POSITIVE_INFINITY, 1.0 / 3};

  private interface Nd4jOp {
    org.nd4j.linalg.api.ops.Op make(INDArray x, INDArray z, double c);
  }

  private static void same(String name, BiFunction<Tensor, Double, Tensor> rewind, Nd4jOp nd4j) {
    for (DataType d : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.HALF}) {
      INDArray base = Nd4j.createFromArray(VALUES).castTo(d).reshape(3, 4);
      for (INDArray x : new INDArray[] {base, base.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3))}) {
        for (double c : CONSTANTS) {
          INDArray want = Nd4j.createUninitialized(d, x.shape());
          Nd4j.getExecutioner().exec(nd4j.make(x, want, c));
          INDArray got = rewind.apply(Tensor.of(x), c).value();
          assertEquals(want.dataType(), got.dataType());
          for (int i = 0; i < want.length(); i++) {
            double w = want.getDouble(i);
            double g = got.getDouble(i);
            assertEquals(Double.doubleToLongBits(w), Double.doubleToLongBits(g),
                name + " " + d + " c=" + c + " x=" + x.getDouble(i) + ": " + w + " vs " + g);
          }
        }
      }
    }
  }

  @Test
  void addScalarIsNd4jsBitForBit() {
    same("add_scalar", Tensor::add, (x, z, c) -> new ScalarAdd(x, null, z, c));
  }

  @Test
  void mulScalarIsNd4jsBitForBit() {
    same("mul_scalar", Tensor::mul, (x, z, c) -> new ScalarMultiplication(x, null, z, c));
  }

  @Test
  void rsubScalarIsNd4jsBitForBit() {
    same("rsub_scalar", Tensor::rsub, (x, z, c) -> new ScalarReverseSubtraction(x, null, z, c));
  }
}
