package dev.rewind.nn.layers;

import dev.rewind.core.Tensor;
import dev.rewind.nn.Module;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Weight normalization of a {@link Linear} layer: its weight is reparameterized per output unit
 * as {@code w_{:,i} = g_i · v_{:,i} / ‖v_{:,i}‖} (columns, since W is {@code [in, out]}), and
 * {@code g} (shape [out]) and {@code v} (shape [in, out]) are trained instead of W. It starts
 * as the wrapped layer: v = W and g = ‖W_{:,i}‖. The wrapped layer's bias (the same tensor) is
 * kept as {@code bias}; the wrapped layer's own weight is no longer a parameter.
 */
public final class WeightNorm extends Module {
  private final Linear layer;
  private final Tensor g;
  private final Tensor v;
  private final Tensor bias;

  private WeightNorm(Linear layer) {
    this.layer = layer;
    INDArray w = layer.weight().value();
    double[] norms = w.norm2(0).toDoubleVector();
    for (int i = 0; i < norms.length; i++) {
      if (!(norms[i] > 0)) {
        // v/‖v‖ is 0/0 there: every output (and gradient) would be NaN from the first call
        throw new IllegalArgumentException("WeightNorm.of(" + layer + "): weight column " + i
            + " has norm " + norms[i] + " (zero or NaN), so it has no direction to normalize;"
            + " initialize the layer with nonzero weights (e.g. Initializers.xavierUniform())");
      }
    }
    this.v = registerParameter("v", w.dup());
    // [out], as documented: ND4J's norm2(0) of a [1, out] weight keeps the row shape
    this.g = registerParameter("g", w.norm2(0).reshape(new long[] {w.size(1)}).dup('c'));
    this.bias = layer.bias() == null ? null : registerParameter("bias", layer.bias());
  }

  /** Wraps {@code layer}, starting from its current weight. */
  public static WeightNorm of(Linear layer) {
    return new WeightNorm(layer);
  }

  /** The effective weight {@code g · v/‖v‖} (differentiable in g and v). */
  public Tensor weight() {
    Tensor norm = v.square().sum(0).sqrt();
    return v.mul(g.div(norm));
  }

  @Override
  public Tensor apply(Tensor x) {
    return Linear.affine(x, weight(), bias, toString());
  }

  @Override
  public String toString() {
    return "WeightNorm.of(Linear(" + layer.inFeatures() + ", " + layer.outFeatures()
        + (bias == null ? ", bias=false" : "") + "))";
  }
}
