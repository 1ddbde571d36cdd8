package dev.rewind.nn.layers;

import dev.rewind.core.Tensor;
import dev.rewind.nn.init.Initializers;

/**
 * Activation layers. Formulas (element-wise):
 * sigmoid 1/(1+e^{−z}); tanh; ReLU max(0, z); leaky ReLU z for z &gt; 0, αz otherwise (max(αz, z) for
 * 0 ≤ α ≤ 1; any finite α is accepted, as in PyTorch); hard tanh clip(z, −1, 1);
 * softsign z/(1+|z|); softplus log(1+e^z); ELU z for z > 0, α(e^z − 1) otherwise; identity.
 */
public final class Activations {
  private Activations() {}

  public static Activation identity() {
    return new Activation("Identity", "", x -> x, Initializers.xavierUniform());
  }

  public static Activation sigmoid() {
    return new Activation("Sigmoid", "", Tensor::sigmoid, Initializers.xavierNormal(Initializers.GAIN_SIGMOID));
  }

  public static Activation tanh() {
    return new Activation("Tanh", "", Tensor::tanh, Initializers.xavierNormal(Initializers.GAIN_TANH));
  }

  public static Activation relu() {
    return new Activation("ReLU", "", Tensor::relu, Initializers.heNormal());
  }

  /** Leaky ReLU with slope {@code alpha} for negative inputs (commonly 0.01). */
  public static Activation leakyRelu(double alpha) {
    requireFinite("leakyRelu", alpha);
    return new Activation("LeakyReLU", String.valueOf(alpha), x -> x.leakyRelu(alpha), Initializers.heNormal());
  }

  public static Activation hardTanh() {
    return new Activation("HardTanh", "", Tensor::hardTanh, Initializers.xavierNormal(Initializers.GAIN_TANH));
  }

  public static Activation softsign() {
    return new Activation("Softsign", "", Tensor::softsign, Initializers.xavierNormal(Initializers.GAIN_TANH));
  }

  public static Activation softplus() {
    return new Activation("Softplus", "", Tensor::softplus, Initializers.heNormal());
  }

  /** ELU with {@code alpha} = 1. */
  public static Activation elu() {
    return elu(1.0);
  }

  public static Activation elu(double alpha) {
    requireFinite("elu", alpha);
    return new Activation("ELU", String.valueOf(alpha), x -> x.elu(alpha), Initializers.heNormal());
  }

  /** A NaN or infinite α made NaN or −∞ outputs with no error. */
  private static void requireFinite(String f, double alpha) {
    if (!Double.isFinite(alpha)) {
      throw new IllegalArgumentException("Activations." + f + ": alpha is " + alpha + "; give a finite slope"
          + (f.equals("leakyRelu") ? " (commonly 0.01)" : " (commonly 1)"));
    }
  }
}
