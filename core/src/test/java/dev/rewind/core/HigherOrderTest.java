package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Higher order through nested tapes: the outer tape records the inner backward pass. Second
 * derivatives against closed forms, a Hessian-vector product of an MLP loss against central
 * differences of its gradient, and the {@link Derivatives} helpers on functions with known
 * derivatives.
 */
class HigherOrderTest {

  /** {@code f''} at each element of {@code x}, as the gradient of {@code Σ f'(x)}. */
  private static double[] secondDerivative(Function<Tensor, Tensor> f, double... x) {
    Tensor xv = Tensor.variable(Nd4j.createFromArray(x));
    try (Tape outer = Tape.record()) {
      Tensor first;
      try (Tape inner = Tape.record()) {
        first = inner.gradient(f.apply(xv).sum(), xv)[0];
      }
      return outer.gradient(first.sum(), xv)[0].toDoubleArray();
    }
  }

  private static void assertSecondDerivative(Function<Tensor, Tensor> f, DoubleUnaryOperator closedForm,
      double... x) {
    double[] got = secondDerivative(f, x);
    for (int i = 0; i < x.length; i++) {
      assertEquals(closedForm.applyAsDouble(x[i]), got[i], 1e-12, "at x = " + x[i]);
    }
  }

  @Test
  void tanhSecondDerivativeIsMinusTwoTanhTimesSech2() {
    assertSecondDerivative(Tensor::tanh, x -> -2 * Math.tanh(x) * (1 - Math.tanh(x) * Math.tanh(x)),
        -2.0, -0.4, 0.0, 0.3, 1.7);
  }

  @Test
  void sigmoidSecondDerivativeIsSigmaOneMinusSigmaOneMinusTwoSigma() {
    assertSecondDerivative(Tensor::sigmoid, x -> {
      double s = 1 / (1 + Math.exp(-x));
      return s * (1 - s) * (1 - 2 * s);
    }, -3.0, -0.5, 0.0, 0.8, 2.5);
  }

  @Test
  void expSecondDerivativeIsExp() {
    assertSecondDerivative(Tensor::exp, Math::exp, -2.0, 0.0, 0.5, 1.5);
  }

  @Test
  void logSecondDerivativeIsMinusOneOverXSquared() {
    assertSecondDerivative(Tensor::log, x -> -1 / (x * x), 0.2, 0.9, 1.0, 3.0);
  }

  // A 2-layer tanh MLP with MSE loss, all parameters packed in one vector θ (3·4 + 4 + 4·2 + 2).
  private static final int IN = 3;
  private static final int HID = 4;
  private static final int OUT = 2;
  private static final int P = IN * HID + HID + HID * OUT + OUT;

  private static INDArray rand(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.DOUBLE, shape).muli(2).subi(1);
  }

  private static Function<Tensor, Tensor> mlpLoss(INDArray x, INDArray y) {
    return theta -> {
      int o = 0;
      Tensor w1 = theta.slice(0, o, o += IN * HID).reshape(IN, HID);
      Tensor b1 = theta.slice(0, o, o += HID);
      Tensor w2 = theta.slice(0, o, o += HID * OUT).reshape(HID, OUT);
      Tensor b2 = theta.slice(0, o, o + OUT);
      Tensor pred = Tensor.of(x).matmul(w1).add(b1).tanh().matmul(w2).add(b2);
      return pred.sub(Tensor.of(y)).square().mean();
    };
  }

  private static double[] gradientAt(Function<Tensor, Tensor> f, INDArray theta) {
    Tensor t = Tensor.variable(theta);
    try (Tape tape = Tape.record()) {
      return tape.gradient(f.apply(t), t)[0].toDoubleArray();
    }
  }

  @Test
  void hessianVectorProductOfAnMlpLossMatchesCentralDifferencesOfItsGradient() {
    INDArray x = rand(1, 5, IN);
    INDArray y = rand(2, 5, OUT);
    INDArray theta = rand(3, P);
    INDArray v = rand(4, P);
    Function<Tensor, Tensor> loss = mlpLoss(x, y);

    double[] hv = Derivatives.hvp(loss, Tensor.of(theta), Tensor.of(v)).toDoubleArray();

    double eps = 1e-5;
    double[] plus = gradientAt(loss, theta.add(v.mul(eps)));
    double[] minus = gradientAt(loss, theta.sub(v.mul(eps)));
    double scale = 0;
    for (double h : hv) {
      scale = Math.max(scale, Math.abs(h));
    }
    for (int i = 0; i < P; i++) {
      double numeric = (plus[i] - minus[i]) / (2 * eps);
      assertEquals(numeric, hv[i], 1e-7 + 1e-6 * scale, "(H·v)[" + i + "]");
    }
    // The caller's θ is untouched and nothing it owns was released.
    assertArrayEquals(rand(3, P).toDoubleVector(), theta.toDoubleVector(), 0.0);
  }

  @Test
  void hessianOfAQuadraticFormIsASymmetrisedMatrix() {
    INDArray a = Nd4j.createFromArray(new double[][] {{1, 2, 0}, {-1, 3, 4}, {5, 0, -2}});
    Tensor x0 = Tensor.of(Nd4j.createFromArray(0.3, -1.2, 2.0));
    Tensor h = Derivatives.hessian(x -> x.reshape(1, 3).matmul(Tensor.of(a)).matmul(x.reshape(3, 1)).sum(), x0);
    assertArrayEquals(new long[] {3, 3}, h.shape());
    assertArrayEquals(Tensor.of(a.add(a.transpose())).toDoubleArray(), h.toDoubleArray(), 1e-12);
  }

  @Test
  void jacobianOfALinearMapIsItsMatrix() {
    INDArray a = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor j = Derivatives.jacobian(x -> Tensor.of(a).matmul(x.reshape(3, 1)).reshape(2),
        Tensor.of(Nd4j.createFromArray(0.5, -1.0, 2.0)));
    assertArrayEquals(new long[] {2, 3}, j.shape());
    assertArrayEquals(Tensor.of(a).toDoubleArray(), j.toDoubleArray(), 0.0);
  }

  @Test
  void jacobianOfAnElementwiseMapIsDiagonalAndShapedOutputThenInput() {
    Tensor x0 = Tensor.of(Nd4j.createFromArray(new double[][] {{0.1, 0.2}, {0.3, 0.4}}));
    Tensor j = Derivatives.jacobian(Tensor::exp, x0);
    assertArrayEquals(new long[] {2, 2, 2, 2}, j.shape());
    double[] flat = j.toDoubleArray(); // row-major over (output, input)
    double[] x = x0.toDoubleArray();
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        assertEquals(r == c ? Math.exp(x[r]) : 0.0, flat[r * 4 + c], 1e-14, "J[" + r + "," + c + "]");
      }
    }
  }
}
