package dev.rewind.core;

import dev.rewind.core.ops.*;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An n-dimensional array value that the tape can differentiate: an ND4J {@link INDArray} plus,
 * when recorded, the op that produced it.
 *
 * <p>Tensors are immutable from the user's side: every op returns a new tensor. Ops follow NumPy
 * broadcasting; mixing element types (float32 with float64, integers with floats) is an error
 * (ND4J would cast silently, or truncate to integers), except for inputs an op declares as masks
 * or indices ({@link Primitive#indexOrMaskInput}: {@link #where}'s mask). Axes may be negative
 * (counted from the end), each named once. Float32 is for training, float64 for gradient checks.
 *
 * <p>Lifetime: a tensor produced while a {@link Tape} or {@link Scope} is open is released when
 * it closes, unless {@link #keep() kept}; reading a released tensor throws
 * {@link IllegalStateException}. Tensors made by wrapping an array ({@link #of(INDArray)}) or as
 * {@link #variable variables} belong to the caller.
 */
public final class Tensor {
  static {
    // Any use of Rewind sets the thread counts, not only code that reaches the executor: an
    // optimizer step can run ND4J ops before the first forward pass.
    RewindRuntime.configure();
  }

  private INDArray value;
  private Node node;
  /** Kept out of a tape that has since closed: its graph ended there ({@link #endGraph}). */
  private boolean graphEnded;
  private final boolean leafRequiresGrad;
  private String constantFrom;
  private Arena owner;
  private boolean released;
  private String releasedBy;
  /**
   * Whether another tensor wraps this tensor's array and an arena may release it through that
   * other tensor ({@link #detach()}, or an op that returned its input's array): {@link #keep()}
   * then copies, so that closing the arena cannot free the kept value.
   */
  private boolean sharesBuffer;
  /**
   * Whether the array belongs to another tensor (or to the caller) that this one aliases: an op
   * whose forward returned its input's array, or a {@link #detach()} of such a tensor. Releasing
   * this tensor then only marks it released; the array is freed with its owner, never twice.
   */
  private boolean borrowed;
  /**
   * The id of the backward pass that made this tensor, set by that pass's fast path when it
   * scans its arena (0: none). A field instead of a per-pass identity set, which cost hundreds of
   * hash insertions per step.
   */
  int createdInPass;

  Tensor(INDArray value, Node node, boolean leafRequiresGrad) {
    this.value = value;
    this.node = node;
    this.leafRequiresGrad = leafRequiresGrad;
  }

  // ---------------------------------------------------------------- creation

  /** A constant wrapping {@code array} (no copy); the caller keeps ownership of the array. */
  public static Tensor of(INDArray array) {
    return new Tensor(Objects.requireNonNull(array, "array"), null, false);
  }

  /** A float64 vector constant. */
  public static Tensor of(double... values) {
    return owned(Nd4j.createFromArray(values.clone()));
  }

  /** A float32 vector constant. */
  public static Tensor of(float... values) {
    return owned(Nd4j.createFromArray(values.clone()));
  }

  /** A float64 matrix constant from rows of equal length. */
  public static Tensor of(double[][] rows) {
    return owned(Nd4j.createFromArray(rows));
  }

  /** A float32 matrix constant from rows of equal length. */
  public static Tensor of(float[][] rows) {
    return owned(Nd4j.createFromArray(rows));
  }

  /**
   * A leaf that requires a gradient (a parameter or an input to differentiate with respect to),
   * wrapping {@code array} without copying. The caller owns it; optimizers update it in place.
   */
  public static Tensor variable(INDArray array) {
    return new Tensor(Objects.requireNonNull(array, "array"), null, true);
  }

  /** A scalar (rank 0) of the given type. */
  public static Tensor scalar(double v, DataType dtype) {
    requireRepresentable("Tensor.scalar", v, dtype);
    return owned(Nd4j.scalar(dtype, v));
  }

  /** Zeros of the given type and shape. */
  public static Tensor zeros(DataType dtype, long... shape) {
    return full(0, dtype, shape);
  }

  /** Ones of the given type and shape. */
  public static Tensor ones(DataType dtype, long... shape) {
    return full(1, dtype, shape);
  }

  /** Zeros shaped and typed like {@code t}. */
  public static Tensor zerosLike(Tensor t) {
    return zeros(t.dtype(), t.shape());
  }

  /** Ones shaped and typed like {@code t}. */
  public static Tensor onesLike(Tensor t) {
    return ones(t.dtype(), t.shape());
  }

  /** A constant filled with {@code v}. */
  public static Tensor full(double v, DataType dtype, long... shape) {
    requireRepresentable("Tensor.full", v, dtype);
    return owned(Executor.current().full(dtype, shape.clone(), v));
  }

  /**
   * Refuses a value the type cannot hold, instead of ND4J's silent conversion: 2.7 as INT was 2,
   * and 1e39 as FLOAT infinity. NaN and infinities are allowed in floating types (asked for).
   */
  private static void requireRepresentable(String who, double v, DataType dtype) {
    boolean ok;
    if (dtype == DataType.BOOL) {
      ok = v == 0 || v == 1;
    } else if (dtype.isIntType()) {
      int bits = Math.min(8 * dtype.width(), 54); // beyond 2^53 a double is no exact integer anyway
      double lo = dtype.isSigned() ? -Math.pow(2, bits - 1) : 0;
      double hi = dtype.isSigned() ? Math.pow(2, bits - 1) - 1 : Math.pow(2, bits) - 1;
      ok = v == Math.rint(v) && v >= lo && v <= hi;
    } else if (dtype == DataType.FLOAT) {
      ok = !Double.isFinite(v) || Math.abs(v) <= Float.MAX_VALUE;
    } else {
      ok = true;
    }
    if (!ok) {
      throw new IllegalArgumentException(who + ": " + v + " cannot be held exactly by " + dtype
          + (dtype.isIntType() || dtype == DataType.BOOL ? " (it would be truncated)" : " (it would overflow to infinity)")
          + "; give a value the type can hold, or a wider type");
    }
  }

  private static Tensor owned(INDArray a) {
    Tensor t = new Tensor(a, null, false);
    Arena o = Arena.owner();
    if (o != null) {
      t.owner = o;
      o.own(t);
    }
    return t;
  }

  // ---------------------------------------------------------------- recording

  /**
   * Applies a primitive to this tensor and {@code others}, recording it when a tape is open and
   * an input requires a gradient. This is how custom ops are called.
   */
  public Tensor apply(Primitive p, Tensor... others) {
    Tensor[] in = new Tensor[others.length + 1];
    in[0] = this;
    System.arraycopy(others, 0, in, 1, others.length);
    return call(p, in);
  }

  /** Applies a primitive to the given inputs (for ops with no distinguished first input). */
  public static Tensor call(Primitive p, Tensor... inputs) {
    INDArray[] raw = new INDArray[inputs.length];
    DataType common = null;
    int first = -1;
    boolean needs = false;
    for (int i = 0; i < inputs.length; i++) {
      Tensor t = Objects.requireNonNull(inputs[i], () -> p.name() + ": input is null");
      raw[i] = t.released ? t.value(p.name()) : t.value; // the name only for the error: it may be built
      if (raw[i].wasClosed()) {
        throw new IllegalStateException(p.name() + ": input " + i + " of shape " + Shapes.str(raw[i].shape())
            + " wraps an INDArray that was closed (its memory is freed); keep the array open while a"
            + " tensor uses it, or make the tensor from a dup()");
      }
      DataType dt = raw[i].dataType();
      if (common != dt && !p.indexOrMaskInput(i)) {
        // Every input, integer ones too: ND4J would give int + float an INT result, cast a float
        // operand silently, or fail natively (a float·int matmul).
        if (common == null) {
          common = dt;
          first = i;
        } else {
          throw new IllegalArgumentException(p.name() + ": inputs mix " + common + " (input " + first + ") and "
              + dt + " (input " + i + "), shapes " + describeShapes(inputs) + "; convert one with castTo()"
              + " (e.g. x.castTo(DataType." + common + ")) — Rewind never casts silently");
        }
      }
      needs |= t.requiresGrad();
    }
    INDArray out;
    try {
      out = p.forward(Executor.current(), raw);
    } catch (IllegalArgumentException e) {
      // Ops validate what they need (an axis, a rank) and may not repeat the shapes: add them once
      // here so every refusal names the op and the shapes it was given.
      String shapes = describeShapes(inputs);
      if (raw.length > 0 && e.getMessage() != null && !e.getMessage().contains(Shapes.str(raw[0].shape()))) {
        throw new IllegalArgumentException(e.getMessage() + " (input shapes " + shapes + ")", e);
      }
      throw e;
    }
    if (out == null) {
      throw new IllegalStateException(p.name() + ": forward returned null");
    }
    boolean recording = needs && Tape.isRecording();
    Anomaly.Site site = recording || Anomaly.detecting() ? Anomaly.site() : null;
    Node node = recording && p.differentiable() ? new Node(p, inputs.clone(), site) : null;
    Tensor y = new Tensor(out, node, false);
    if (node != null) {
      node.output = y;
      node.outputVersion = Versions.of(out);
    } else if (recording) {
      y.constantFrom = p.name();
    }
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == out || aliases(out, raw[i])) {
        // The op returned its input's array (an identity, a cast to the same type), or a second
        // array over its buffer that claims to own it (ND4J's reshape to rank 0 makes one). y is
        // still an output of this tape or scope, released when it closes like any other (a
        // replayed step reuses the array), but it borrows the array: the input, or the caller,
        // frees it. Keeping y copies the value; so does keeping an input that an arena owns.
        y.borrowed = true;
        y.sharesBuffer = true;
        if (inputs[i].owner != null || inputs[i].sharesBuffer) {
          inputs[i].sharesBuffer = true;
        }
      }
    }
    Arena o = Arena.owner();
    if (o != null) {
      y.owner = o;
      o.own(y);
    }
    Anomaly.checkForward(p, out, inputs, site);
    return y;
  }

  /**
   * Whether {@code out} is a second array over {@code in}'s buffer that is not a view: releasing
   * it would free {@code in}. Views are safe (ND4J never frees through a view).
   */
  private static boolean aliases(INDArray out, INDArray in) {
    return out.data() != null && out.data() == in.data() && !out.isView();
  }

  private static String describeShapes(Tensor[] ts) {
    StringBuilder sb = new StringBuilder();
    for (Tensor t : ts) {
      sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(t.value.shape()));
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- state

  /** The value. Throws if the tensor was released when its tape or scope closed. */
  public INDArray value() {
    return value("value()");
  }

  private INDArray value(String use) {
    if (released) {
      throw new IllegalStateException(use + ": this tensor " + Arrays.toString(value.shape())
          + " was released when its " + releasedBy + " closed; call keep() on it inside the "
          + releasedBy + " to use it afterwards");
    }
    return value;
  }

  INDArray rawValue() {
    return value;
  }

  Node node() {
    return node;
  }

  String constantFrom() {
    return constantFrom;
  }

  /** Whether gradients flow to this tensor: a {@link #variable} or the output of a recorded op. */
  public boolean requiresGrad() {
    return leafRequiresGrad || node != null;
  }

  /** Whether this tensor was released (its tape or scope closed). */
  public boolean isReleased() {
    return released;
  }

  /** The name of the op that produced this tensor, or "leaf". */
  public String producer() {
    return node != null ? node.primitive.name() : "leaf";
  }

  /**
   * Takes this tensor out of its tape's or scope's care so that it outlives it. Returns this.
   * A value that is a view of another array, or that another tensor of the tape or scope shares
   * (through {@link #detach()}), is copied, so that it stays valid when that other one is released.
   * While its tape is open a kept tensor stays differentiable (a kept loss or inner gradient);
   * once that tape closes it is a constant, so a value carried into the next step (an RNN's
   * state) does not lead back into ops whose tape is gone.
   */
  public Tensor keep() {
    value("keep()");
    if (owner != null) {
      owner.disown(this);
      if (node != null) {
        owner.keptWithGraph(this); // cut from the graph when that tape closes: see endGraph
      }
      owner = null;
    }
    if (value.isView() || sharesBuffer || borrowed) {
      value = Executor.current().dup(value);
      sharesBuffer = false;
      borrowed = false;
    } else {
      Executor.current().escape(value); // a replayed step must not reuse this array
    }
    return this;
  }

  /**
   * The tape that recorded this tensor (the outermost open one, which owned it) has closed: the
   * tensor becomes a constant. Otherwise a kept value carried into the next step (an RNN's state,
   * a running average) still led back into the closed tape's ops: the next tape's gradient went
   * on through them silently, or failed on their released intermediates with a message blaming
   * something else. Within its tape a kept tensor stays differentiable (a kept loss).
   */
  void endGraph() {
    node = null;
    graphEnded = true;
  }

  /** Whether {@link #endGraph} made this tensor a constant. */
  boolean graphEnded() {
    return graphEnded;
  }

  /**
   * A constant with the same value (sharing the array): gradients stop here. It lives as long
   * as this tensor: released with it when its tape or scope closes. Keeping either of the two
   * ({@link #keep()}) copies the value, so the other's release cannot free it.
   */
  public Tensor detach() {
    Tensor d = new Tensor(value("detach()"), null, false);
    if (owner != null && !owner.isClosed()) {
      d.owner = owner;
      owner.own(d);
    }
    if (owner != null || sharesBuffer) {
      d.sharesBuffer = true;
      sharesBuffer = true;
    }
    d.borrowed = borrowed; // the array's owner is this one's: d frees it only if this one would
    return d;
  }

  /**
   * Modifies the value in place, outside recording — what optimizers do to parameters. Bumps the
   * array's version, so a backward pass that saved this array before the change throws instead
   * of returning a wrong gradient.
   */
  public Tensor mutate(java.util.function.Consumer<INDArray> update) {
    INDArray v = value("mutate()");
    Versions.bump(v);
    update.accept(v);
    return this;
  }

  /**
   * Copies {@code source}'s value into this tensor in place; see {@link #mutate}. The source must
   * have this tensor's type and shape, or hold one value (which fills the tensor). Checked here
   * because ND4J's {@code assign} casts another type silently, copies a row or a single value into
   * the first elements only, and writes a larger source past the end of the array, a native
   * crash later on.
   */
  public Tensor assign(INDArray source) {
    java.util.Objects.requireNonNull(source, "assign(): source is null");
    INDArray v = value("assign()");
    if (source.wasClosed()) {
      throw new IllegalStateException("assign(): the source INDArray of shape " + Shapes.str(source.shape())
          + " was closed (its memory is freed)");
    }
    if (source.dataType() != v.dataType()) {
      throw new IllegalArgumentException("assign(): the source is " + source.dataType() + Shapes.str(source.shape())
          + " and this tensor " + v.dataType() + Shapes.str(v.shape())
          + "; convert the source with castTo() first (Rewind never casts silently)");
    }
    if (java.util.Arrays.equals(source.shape(), v.shape())) {
      return mutate(x -> x.assign(source));
    }
    if (source.length() != 1) {
      throw new IllegalArgumentException("assign(): a source of shape " + Shapes.str(source.shape())
          + " does not fit this tensor's shape " + Shapes.str(v.shape()) + "; it must have that shape"
          + " or hold a single value (broadcast a row first, e.g. with Tensor.broadcastTo)");
    }
    // ND4J's assign from a one-value array writes only the first element: fill with the value
    Number one = source.dataType().isFPType() ? (Number) source.getDouble(0) : (Number) source.getLong(0);
    return mutate(x -> x.assign(one));
  }

  void release() {
    if (released) {
      return;
    }
    released = true;
    releasedBy = owner != null ? owner.kind() : "scope";
    if (!borrowed) {
      Executor.current().free(value); // an array a replay plan owns stays for the next step
    }
  }

  /** The shape (a copy). */
  public long[] shape() {
    return value("shape()").shape().clone();
  }

  /** The size of one axis (negative counts from the end). */
  public long size(int axis) {
    long[] s = shape();
    return s[Shapes.axes("size", s.length, axis)[0]];
  }

  /** The number of axes. */
  public int rank() {
    return value("rank()").rank();
  }

  /** The number of elements. */
  public long length() {
    return value("length()").length();
  }

  /** The element type. */
  public DataType dtype() {
    return value("dtype()").dataType();
  }

  /** The value of a one-element tensor. */
  public double item() {
    INDArray v = value("item()");
    if (v.length() != 1) {
      throw new IllegalStateException("item(): tensor has shape " + Arrays.toString(v.shape())
          + ", not one element");
    }
    return v.getDouble(0);
  }

  /** The elements in row-major order, as doubles. */
  public double[] toDoubleArray() {
    return NativeBuffers.toDoubles(value("toDoubleArray()"));
  }

  /**
   * A copy converted to {@code dtype}; differentiable (the gradient is converted back). Returns this
   * tensor itself when it already has that type.
   */
  public Tensor castTo(DataType dtype) {
    return dtype == dtype() ? this : apply(new Cast(dtype));
  }

  @Override
  public String toString() {
    if (released) {
      return "Tensor(released)";
    }
    return "Tensor" + Arrays.toString(value.shape()) + " " + value.dataType()
        + (requiresGrad() ? " requiresGrad (" + producer() + ")" : "") + "\n" + value;
  }

  // ---------------------------------------------------------------- arithmetic

  /** {@code this + other}, broadcasting. */
  public Tensor add(Tensor other) {
    return apply(new Add(), other);
  }

  /** {@code this + c}. */
  public Tensor add(double c) {
    return apply(new AddScalar(c));
  }

  /** {@code this − other}, broadcasting. */
  public Tensor sub(Tensor other) {
    return apply(new Sub(), other);
  }

  /** {@code this − c}. */
  public Tensor sub(double c) {
    return apply(new AddScalar(-c));
  }

  /** {@code c − this}. */
  public Tensor rsub(double c) {
    return apply(new RSubScalar(c));
  }

  /** {@code this ⊙ other}, broadcasting. */
  public Tensor mul(Tensor other) {
    return apply(new Mul(), other);
  }

  /** {@code c·this}. */
  public Tensor mul(double c) {
    return apply(new MulScalar(c));
  }

  /** {@code this / other}, broadcasting. */
  public Tensor div(Tensor other) {
    return apply(new Div(), other);
  }

  /** {@code this / c}, correctly rounded (a division, not a multiplication by {@code 1/c}). */
  public Tensor div(double c) {
    return apply(new DivScalar(c));
  }

  /** {@code −this}. */
  public Tensor neg() {
    return apply(new Neg());
  }

  /** {@code this^p} element-wise; for {@code p = 0} the gradient is 0, also at 0 (as PyTorch). */
  public Tensor pow(double p) {
    return apply(new PowScalar(p));
  }

  /**
   * {@code this^other} element-wise, broadcasting; needs {@code this > 0} for the exponent's
   * gradient, except that it is 0 at a zero base with a non-negative exponent (as PyTorch).
   */
  public Tensor pow(Tensor other) {
    return apply(new Pow(), other);
  }

  /** {@code this²}. */
  public Tensor square() {
    return apply(new PowScalar(2));
  }

  /** Element-wise maximum; tied elements share the gradient equally. */
  public Tensor maximum(Tensor other) {
    return apply(new Maximum(), other);
  }

  /** Element-wise minimum; tied elements share the gradient equally. */
  public Tensor minimum(Tensor other) {
    return apply(new Minimum(), other);
  }

  /** Clips into {@code [lo, hi]}; the gradient passes where {@code lo ≤ x ≤ hi}. */
  public Tensor clip(double lo, double hi) {
    return apply(new Clip(lo, hi));
  }

  /**
   * {@code mask ? a : b} element-wise (broadcasting); the mask (from a comparison, or of any type:
   * non-zero selects {@code a}) is a constant. {@code a} and {@code b} share one type.
   */
  public static Tensor where(Tensor mask, Tensor a, Tensor b) {
    return call(new Where(), mask, a, b);
  }

  // ---------------------------------------------------------------- element-wise functions

  /** {@code e^x}. */
  public Tensor exp() {
    return apply(new Exp());
  }

  /** Natural logarithm. */
  public Tensor log() {
    return apply(new Log());
  }

  /** Square root. */
  public Tensor sqrt() {
    return apply(new Sqrt());
  }

  /** Absolute value; the gradient at 0 is 0. */
  public Tensor abs() {
    return apply(new Abs());
  }

  /** Sine. */
  public Tensor sin() {
    return apply(new Sin());
  }

  /** Cosine. */
  public Tensor cos() {
    return apply(new Cos());
  }

  /** {@code σ(x) = 1/(1+e^{−x})}. */
  public Tensor sigmoid() {
    return apply(new Sigmoid());
  }

  /** Hyperbolic tangent. */
  public Tensor tanh() {
    return apply(new Tanh());
  }

  /** {@code max(0, x)}. */
  public Tensor relu() {
    return apply(new Relu());
  }

  /** {@code x} for {@code x > 0}, else {@code αx}. */
  public Tensor leakyRelu(double alpha) {
    return apply(new LeakyRelu(alpha));
  }

  /** {@code max(−1, min(1, x))}. */
  public Tensor hardTanh() {
    return apply(new HardTanh());
  }

  /** {@code x/(1+|x|)}. */
  public Tensor softsign() {
    return apply(new Softsign());
  }

  /** {@code log(1+e^x)}. */
  public Tensor softplus() {
    return apply(new Softplus());
  }

  /** {@code x} for {@code x > 0}, else {@code α(e^x − 1)}. */
  public Tensor elu(double alpha) {
    return apply(new Elu(alpha));
  }

  /** ELU with α = 1. */
  public Tensor elu() {
    return elu(1.0);
  }

  // ---------------------------------------------------------------- linear algebra and shape

  /**
   * Matrix product: 2-D·2-D, batched 3-D·3-D (same batch), or 3-D·2-D (the matrix applied to
   * every item).
   */
  public Tensor matmul(Tensor other) {
    return matmul(other, false, false);
  }

  /** {@code op(this)·op(other)} with {@code op} a transpose of the last two axes where asked. */
  public Tensor matmul(Tensor other, boolean transposeThis, boolean transposeOther) {
    if (rank() == 3 && other.rank() == 2 && !transposeThis) {
      long[] s = shape();
      Tensor flat = reshape(s[0] * s[1], s[2]).matmul(other, false, transposeOther);
      return flat.reshape(s[0], s[1], flat.size(1));
    }
    return apply(new MatMul(transposeThis, transposeOther), other);
  }

  /** Reverses the axes (a matrix transpose for rank 2). */
  public Tensor transpose() {
    int r = rank();
    int[] axes = new int[r];
    for (int i = 0; i < r; i++) {
      axes[i] = r - 1 - i;
    }
    return permute(axes);
  }

  /** Reorders the axes: output axis i is input axis {@code axes[i]}. */
  public Tensor permute(int... axes) {
    return apply(new Permute(axes));
  }

  /** The same elements in a new shape (row-major); one size may be −1. */
  public Tensor reshape(long... shape) {
    return apply(new Reshape(shape));
  }

  /** Broadcasts to {@code shape} (NumPy rules); the gradient sums back. */
  public Tensor broadcastTo(long... shape) {
    return apply(new BroadcastTo(shape));
  }

  /** Joins tensors along an axis. */
  public static Tensor concat(int axis, Tensor... parts) {
    return call(new Concat(axis), parts);
  }

  /** Elements {@code from} (inclusive) to {@code to} (exclusive) along {@code axis}. */
  public Tensor slice(int axis, long from, long to) {
    return apply(new Slice(axis, from, to));
  }

  /**
   * Picks elements along {@code axis} by index, as {@code torch.gather}: the output has the
   * shape of {@code indices} and {@code out[i][j] = this[i][indices[i][j]]} for axis 1. Indices
   * (integer-valued, any type) are a constant. For class labels: {@code logits.gather(1, labels)}
   * with labels of shape {@code [n, 1]}.
   */
  public Tensor gather(int axis, Tensor indices) {
    return apply(new Gather(axis, indices.value("gather")));
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements (a scalar). */
  public Tensor sum() {
    return apply(new Sum(false, new int[0]));
  }

  /** Sum over {@code axes}, dropping them. */
  public Tensor sum(int... axes) {
    return apply(new Sum(false, axes));
  }

  /** Sum over {@code axes} (all when none), keeping them as size 1 if {@code keepDims}. */
  public Tensor sum(boolean keepDims, int... axes) {
    return apply(new Sum(keepDims, axes));
  }

  /** Mean of all elements. */
  public Tensor mean() {
    return mean(false);
  }

  /** Mean over {@code axes}, dropping them. */
  public Tensor mean(int... axes) {
    return mean(false, axes);
  }

  /** Mean over {@code axes} (all when none): the sum divided by the number of elements reduced. */
  public Tensor mean(boolean keepDims, int... axes) {
    long n = reducedCount("mean", axes);
    if (n == 0) {
      throw new IllegalArgumentException("mean: the input of shape " + Arrays.toString(shape())
          + " is empty along the reduced axes; a mean needs at least one element");
    }
    return sum(keepDims, axes).div((double) n);
  }

  /**
   * Maximum over {@code axes} (all when none); NaN where a reduced element is NaN (as NumPy).
   * Tied elements share the gradient equally; a NaN result's gradient goes to the NaN elements.
   */
  public Tensor max(boolean keepDims, int... axes) {
    return apply(new Max(keepDims, axes));
  }

  /**
   * Minimum over {@code axes} (all when none); NaN where a reduced element is NaN (as NumPy).
   * Tied elements share the gradient equally; a NaN result's gradient goes to the NaN elements.
   */
  public Tensor min(boolean keepDims, int... axes) {
    return apply(new Min(keepDims, axes));
  }

  /** {@code log Σ e^x} over {@code axes}, computed with a max shift so it never overflows. */
  public Tensor logSumExp(boolean keepDims, int... axes) {
    return apply(new LogSumExp(keepDims, axes));
  }

  /** Population variance (÷ n) over {@code axes} (all when none). */
  public Tensor variance(boolean keepDims, int... axes) {
    return apply(new Variance(keepDims, axes));
  }

  /** Softmax along {@code axis}. */
  public Tensor softmax(int axis) {
    return apply(new Softmax(axis));
  }

  /** Log-softmax along {@code axis}, computed stably ({@code x − logSumExp(x)}). */
  public Tensor logSoftmax(int axis) {
    return apply(new LogSoftmax(axis));
  }

  long reducedCount(String op, int... axes) {
    long[] s = shape();
    if (axes.length == 0) {
      return Shapes.length(s);
    }
    long n = 1;
    try {
      for (int a : Shapes.axes(op, s.length, axes)) {
        n *= s[a];
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (input shape " + Shapes.str(s) + ")", e);
    }
    return n;
  }

  // ---------------------------------------------------------------- non-differentiable helpers

  /** 1 where {@code this > other}, else 0, in this tensor's type (a constant). */
  public Tensor gt(Tensor other) {
    return apply(new Compare(Compare.Kind.GT), other);
  }

  /** 1 where {@code this ≥ other}, else 0 (a constant). */
  public Tensor ge(Tensor other) {
    return apply(new Compare(Compare.Kind.GE), other);
  }

  /** 1 where {@code this < other}, else 0 (a constant). */
  public Tensor lt(Tensor other) {
    return apply(new Compare(Compare.Kind.LT), other);
  }

  /** 1 where {@code this ≤ other}, else 0 (a constant). */
  public Tensor le(Tensor other) {
    return apply(new Compare(Compare.Kind.LE), other);
  }

  /** 1 where {@code this == other}, else 0 (a constant). */
  public Tensor eq(Tensor other) {
    return apply(new Compare(Compare.Kind.EQ), other);
  }

  /** 1 where {@code this > c}, else 0 (a constant). */
  public Tensor gt(double c) {
    return apply(new CompareScalar(Compare.Kind.GT, c));
  }

  /** 1 where {@code this < c}, else 0 (a constant). */
  public Tensor lt(double c) {
    return apply(new CompareScalar(Compare.Kind.LT, c));
  }

  /** 1 where {@code this ≥ c}, else 0 (a constant). */
  public Tensor ge(double c) {
    return apply(new CompareScalar(Compare.Kind.GE, c));
  }

  /** 1 where {@code this ≤ c}, else 0 (a constant). */
  public Tensor le(double c) {
    return apply(new CompareScalar(Compare.Kind.LE, c));
  }

  /** −1, 0 or 1 (a constant). */
  public Tensor sign() {
    return apply(new Sign());
  }

  /** Index of the largest element along {@code axis}, as int64 (a constant). */
  public Tensor argmax(int axis) {
    return apply(new ArgMax(axis));
  }

  /** One-hot rows for integer-valued {@code labels} of shape [n] in {@code [0, depth)}. */
  public static Tensor oneHot(Tensor labels, int depth, DataType dtype) {
    return labels.apply(new OneHot(depth, dtype));
  }

  /**
   * A mask of 0/1 with {@code P(1) = keepProbability}, drawn from a generator seeded with
   * {@code seed} (a constant of the given type and shape).
   */
  public static Tensor bernoulliMask(double keepProbability, long seed, DataType dtype, long... shape) {
    return call(new BernoulliMask(keepProbability, seed, dtype, shape));
  }
}
