package dev.rewind.nn;

import dev.rewind.core.Tensor;
import dev.rewind.nn.layers.Activation;
import dev.rewind.nn.layers.Activations;
import dev.rewind.nn.layers.BatchNorm;
import dev.rewind.nn.layers.Dropout;
import dev.rewind.nn.layers.Linear;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A multilayer perceptron: per hidden layer {@code Linear → [BatchNorm] → activation → [Dropout]},
 * then a final {@code Linear} producing logits (no output activation: the losses take logits;
 * see {@link Task} for output layers). Its modules live in a {@link Sequential} child named
 * {@code "layers"}, so parameters are named {@code "layers.0.weight"}, {@code "layers.0.bias"}, ...
 *
 * <pre>{@code
 * Mlp quick = new Mlp(784, 256, 128, 10);   // ReLU hidden layers, float32, seed 0
 * Mlp model = Mlp.builder(784)
 *     .hidden(256, Activations.relu())
 *     .hidden(128, Activations.tanh())
 *     .dropout(0.2).batchNorm(true)
 *     .output(10)
 *     .dtype(DataType.FLOAT).seed(1)
 *     .build();
 * }</pre>
 *
 * <p>Weights are initialized as suits the activation that follows them (He for the ReLU family,
 * Xavier with gain 4 for sigmoid, gain 1 for tanh; Xavier for the output layer), biases at zero;
 * layer {@code i} is seeded with {@code seed + 1000·i}. With batch norm the linear layers before
 * it have no bias.
 */
public final class Mlp extends Module {
  private final Sequential layers;

  /**
   * An MLP with the given layer sizes (input, hidden..., output), ReLU hidden units, float32,
   * seed 0; the same as {@code Mlp.builder(sizes[0]).hidden(...).output(last).build()}.
   */
  public Mlp(int... sizes) {
    this(fromSizes(sizes));
  }

  private Mlp(Builder b) {
    if (b.outputs <= 0) {
      throw new IllegalArgumentException("Mlp: no output layer; call output(n) before build()");
    }
    List<Module> mods = new ArrayList<>();
    int in = b.inputs;
    int index = 0;
    for (int h = 0; h < b.hiddenSizes.size(); h++) {
      int size = b.hiddenSizes.get(h);
      Activation act = b.activations.get(h);
      mods.add(Linear.builder(in, size).bias(!b.batchNorm).init(act.suitedInitializer())
          .dtype(b.dtype).seed(b.seed + 1000L * index++).build());
      if (b.batchNorm) {
        mods.add(new BatchNorm(size, b.dtype));
      }
      mods.add(act);
      if (b.dropout > 0) {
        mods.add(Dropout.withDropProbability(b.dropout, b.seed + 1000L * index + 7));
      }
      in = size;
    }
    mods.add(Linear.builder(in, b.outputs).dtype(b.dtype).seed(b.seed + 1000L * index).build());
    this.layers = registerModule("layers", Sequential.of(mods));
  }

  private static Builder fromSizes(int... sizes) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException("Mlp: need at least an input and an output size, got " + sizes.length + " sizes");
    }
    Builder b = builder(sizes[0]);
    for (int i = 1; i < sizes.length - 1; i++) {
      b.hidden(sizes[i], Activations.relu());
    }
    return b.output(sizes[sizes.length - 1]);
  }

  /** A builder for an MLP taking {@code inputs} features. */
  public static Builder builder(int inputs) {
    return new Builder(inputs);
  }

  @Override
  public Tensor apply(Tensor x) {
    return layers.apply(x);
  }

  /** The layers, in order. */
  public Sequential layers() {
    return layers;
  }

  /** Options for {@link Mlp}. */
  public static final class Builder {
    private final int inputs;
    private final List<Integer> hiddenSizes = new ArrayList<>();
    private final List<Activation> activations = new ArrayList<>();
    private int outputs;
    private double dropout;
    private boolean batchNorm;
    private DataType dtype = DataType.FLOAT;
    private long seed;

    private Builder(int inputs) {
      if (inputs <= 0) {
        throw new IllegalArgumentException("Mlp: inputs must be positive, got " + inputs);
      }
      this.inputs = inputs;
    }

    /** Adds a hidden layer of {@code size} units with the given activation (a fresh instance per layer). */
    public Builder hidden(int size, Activation activation) {
      if (size <= 0) {
        throw new IllegalArgumentException("Mlp: hidden size must be positive, got " + size);
      }
      if (activation == null) {
        throw new NullPointerException("Mlp: hidden layer " + (hiddenSizes.size() + 1)
            + " has a null activation; give one, e.g. Activations.relu()");
      }
      hiddenSizes.add(size);
      activations.add(activation);
      return this;
    }

    /** The number of outputs (logits). */
    public Builder output(int size) {
      if (size <= 0) {
        throw new IllegalArgumentException("Mlp: output size must be positive, got " + size);
      }
      this.outputs = size;
      return this;
    }

    /** Dropout with drop probability {@code p} after each hidden activation (0, the default, for none). */
    public Builder dropout(double p) {
      if (!(p >= 0 && p < 1)) {
        throw new IllegalArgumentException("Mlp: drop probability " + p + " is outside [0, 1)");
      }
      this.dropout = p;
      return this;
    }

    /** Batch normalization between each hidden Linear (then without bias) and its activation. */
    public Builder batchNorm(boolean on) {
      this.batchNorm = on;
      return this;
    }

    /** FLOAT (default) to train, DOUBLE to gradient-check. */
    public Builder dtype(DataType dtype) {
      if (dtype == null || !dtype.isFPType()) {
        throw new IllegalArgumentException("Mlp: dtype " + dtype + " is not floating point; use FLOAT or DOUBLE");
      }
      this.dtype = dtype;
      return this;
    }

    /** The seed of weights and dropout masks (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Mlp build() {
      return new Mlp(this);
    }
  }
}
