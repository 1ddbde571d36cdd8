package dev.rewind.nn.layers;

import dev.rewind.core.Tensor;
import dev.rewind.nn.Module;
import dev.rewind.nn.init.Initializer;
import java.util.function.UnaryOperator;

/**
 * An element-wise activation as a layer, made by {@link Activations}. It has no parameters; it
 * also knows the weight initializer suited to the layer that feeds it (He for the ReLU family,
 * Xavier with the right gain for sigmoid and tanh).
 */
public final class Activation extends Module {
  private final String name;
  private final String args;
  private final UnaryOperator<Tensor> f;
  private final Initializer suitedInit;

  Activation(String name, String args, UnaryOperator<Tensor> f, Initializer suitedInit) {
    this.name = name;
    this.args = args;
    this.f = f;
    this.suitedInit = suitedInit;
  }

  @Override
  public Tensor apply(Tensor x) {
    return f.apply(x);
  }

  /** The initializer suited to the weights of a layer whose outputs go through this activation. */
  public Initializer suitedInitializer() {
    return suitedInit;
  }

  /** The activation's name, e.g. "ReLU". */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name + "(" + args + ")";
  }
}
