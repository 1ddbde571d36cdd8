package dev.rewind.optim;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** f(θ) = ½θᵀAθ with a fixed symmetric positive-definite A, and helpers to step on it. */
final class Quadratic {
  static final double[][] A = {{3, 0.5, 0}, {0.5, 1, 0.2}, {0, 0.2, 2}};
  static final double[] THETA0 = {1, -2, 0.5};

  private Quadratic() {}

  static Map<String, Tensor> params(DataType dtype) {
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("theta", Tensor.variable(Nd4j.createFromArray(THETA0.clone()).castTo(dtype)));
    return p;
  }

  /** Aθ, the gradient, computed by hand. */
  static double[] grad(double[] theta) {
    double[] g = new double[theta.length];
    for (int i = 0; i < g.length; i++) {
      for (int j = 0; j < g.length; j++) {
        g[i] += A[i][j] * theta[j];
      }
    }
    return g;
  }

  static double value(double[] theta) {
    double[] g = grad(theta);
    double f = 0;
    for (int i = 0; i < g.length; i++) {
      f += 0.5 * theta[i] * g[i];
    }
    return f;
  }

  /** One optimizer step on f, the gradient from the tape; returns the loss before the step. */
  static double step(Optimizer opt, Map<String, Tensor> params) {
    try (Tape tape = Tape.record()) {
      Tensor theta = params.get("theta");
      Tensor a = Tensor.of(A).castTo(theta.dtype());
      Tensor col = theta.reshape(3, 1);
      Tensor loss = col.mul(a.matmul(col)).sum().mul(0.5);
      opt.step(params, tape.gradient(loss, params));
      return loss.item();
    }
  }
}
