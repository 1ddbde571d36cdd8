package dev.rewind.nn.layers;

import dev.rewind.core.Tensor;
import dev.rewind.nn.Module;
import dev.rewind.nn.init.Initializer;
import dev.rewind.nn.init.Initializers;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A fully connected layer, {@code y = x·W + b}, with {@code W} of shape {@code [in, out]} (fan-in
 * is {@code in}) and {@code b} of shape {@code [out]}; the batch is axis 0.
 *
 * <pre>{@code
 * Linear fc = Linear.builder(784, 256).init(Initializers.heNormal()).seed(7).build();
 * Linear noBias = Linear.builder(256, 128).bias(false).build(); // e.g. before BatchNorm
 * }</pre>
 *
 * <p>Defaults: Xavier uniform weights (gain 1), zero bias, float32, seed 0.
 */
public final class Linear extends Module {
  private final int in;
  private final int out;
  private final Tensor weight;
  private final Tensor bias;

  private Linear(Builder b) {
    this.in = b.in;
    this.out = b.out;
    this.weight = registerParameter("weight", b.init.create(b.dtype, b.seed, in, out));
    this.bias = b.bias ? registerParameter("bias", b.biasInit.create(b.dtype, b.seed + 1, out)) : null;
  }

  /** A layer with the defaults (Xavier uniform, bias, float32, seed 0). */
  public static Linear of(int in, int out) {
    return builder(in, out).build();
  }

  /** A builder for a layer from {@code in} to {@code out} features. */
  public static Builder builder(int in, int out) {
    return new Builder(in, out);
  }

  @Override
  public Tensor apply(Tensor x) {
    return affine(x, weight, bias, "Linear(" + in + ", " + out + ")");
  }

  static Tensor affine(Tensor x, Tensor w, Tensor b, String who) {
    long[] wShape = w.shape();
    if (x.rank() != 2 || x.size(1) != wShape[0]) {
      throw new IllegalArgumentException(who + ": input has shape " + Arrays.toString(x.shape())
          + ", expected [batch, " + wShape[0] + "]");
    }
    requireDtype(who, x, w.dtype());
    Tensor y = x.matmul(w);
    return b == null ? y : y.add(b);
  }

  /**
   * Refuses an input whose type is not the layer's parameters' type, naming the layer ({@code who})
   * and both types: ND4J would either fail deep inside an op without naming the layer or cast
   * silently. Layers never convert their input; the caller chooses which side to convert.
   */
  static void requireDtype(String who, Tensor x, DataType params) {
    if (x.dtype() != params) {
      throw new IllegalArgumentException(who + ": input of shape " + Arrays.toString(x.shape()) + " is "
          + x.dtype() + " but the layer's parameters are " + params + "; convert the input with castTo(DataType."
          + params + ") or build the layer with dtype " + x.dtype());
    }
  }

  /** The weight, shape {@code [in, out]}. */
  public Tensor weight() {
    return weight;
  }

  /** The bias, shape {@code [out]}, or null when built without one. */
  public Tensor bias() {
    return bias;
  }

  public int inFeatures() {
    return in;
  }

  public int outFeatures() {
    return out;
  }

  @Override
  protected String describe() {
    return in + ", " + out + (bias == null ? ", bias=false" : "");
  }

  /** Options for {@link Linear}. */
  public static final class Builder {
    private final int in;
    private final int out;
    private boolean bias = true;
    private Initializer init = Initializers.xavierUniform();
    private Initializer biasInit = Initializers.zeros();
    private DataType dtype = DataType.FLOAT;
    private long seed;

    private Builder(int in, int out) {
      if (in <= 0 || out <= 0) {
        throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + in + ", out=" + out);
      }
      this.in = in;
      this.out = out;
    }

    /** Whether to add a bias (default true; a layer followed by BatchNorm needs none). */
    public Builder bias(boolean on) {
      this.bias = on;
      return this;
    }

    /** The weight initializer (default Xavier uniform). */
    public Builder init(Initializer init) {
      this.init = init;
      return this;
    }

    /** The bias initializer (default zeros; e.g. {@code Initializers.constant(0.01)} for ReLU). */
    public Builder biasInit(Initializer init) {
      this.biasInit = init;
      return this;
    }

    /** The parameters' type (FLOAT to train, DOUBLE to gradient-check). */
    public Builder dtype(DataType dtype) {
      if (!dtype.isFPType()) {
        throw new IllegalArgumentException("Linear: dtype " + dtype + " is not floating point; use FLOAT or DOUBLE");
      }
      this.dtype = dtype;
      return this;
    }

    /** The seed of the initializers. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Linear build() {
      return new Linear(this);
    }
  }
}
