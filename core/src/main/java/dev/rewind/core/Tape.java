package dev.rewind.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the ops run on the current thread while it is open, so that gradients can be computed
 * in reverse mode.
 *
 * <pre>{@code
 * try (Tape tape = Tape.record()) {
 *   Tensor loss = model.apply(x).sub(y).square().mean();
 *   Map<String, Tensor> grads = tape.gradient(loss, model.parameters());
 *   optimizer.step(model.parameters(), grads);
 * } // every intermediate (and the gradients) is released here
 * }</pre>
 *
 * <p>Semantics: only ops with an input that {@link Tensor#requiresGrad() requires a gradient} are
 * recorded. Every tape open on the thread records, so a tape opened around another one records
 * the inner tape's backward pass: that is how second derivatives work. {@link #gradient} may be
 * called once unless the tape is {@link #persistent()}; a tape does not record its own backward
 * pass (for a gradient of a gradient, differentiate with a tape opened around this one). An input
 * the output does not depend on gets a zero gradient; asking for the gradient of a constant
 * (which the tape does not track), or of an output that requires no gradient (computed before
 * the tape opened, under no-grad, through {@code detach()}, or from constants only), is an error. Closing the tape releases every tensor it created, except those
 * {@link Tensor#keep() kept}; using a released tensor throws.
 */
public final class Tape extends Arena {
  private final boolean persistent;
  private boolean paused;
  private boolean used;
  /** Whether this is an outermost tape: a training step that {@link Replay} plans. */
  private final boolean step;

  private Tape(boolean persistent) {
    this.persistent = persistent;
    boolean outermost = true;
    for (Arena a : stack()) {
      outermost &= a == this || !(a instanceof Tape);
    }
    this.step = outermost;
    if (step) {
      Executor.current().beginStep();
    }
  }

  /** Opens a tape on the calling thread; its {@link #gradient} may be called once. */
  public static Tape record() {
    return new Tape(false);
  }

  /** Opens a tape whose gradients may be computed several times. */
  public static Tape persistent() {
    return new Tape(true);
  }

  /**
   * Stops recording on this thread until the returned handle is closed: ops inside produce
   * constants (for evaluation, or updates that must not be differentiated).
   */
  public static NoGrad noGrad() {
    return NoGrad.enter();
  }

  /** Whether any tape on this thread is recording now. */
  public static boolean isRecording() {
    if (NoGrad.active()) {
      return false;
    }
    for (Arena a : stack()) {
      if (a instanceof Tape t && !t.paused) {
        return true;
      }
    }
    return false;
  }

  /**
   * Gradients of the scalar {@code y} with respect to each of {@code xs}, in order. Each of
   * {@code xs} must {@link Tensor#requiresGrad() require a gradient} (a variable, or a recorded
   * op's output); one the output does not depend on gets zeros.
   *
   * @throws IllegalArgumentException if {@code y} is not a scalar (use {@link #vjp}), if {@code y}
   *     requires no gradient (computed before the tape opened, under no-grad, through
   *     {@code detach()}, from constants only, or a gradient of this same tape), or if one of
   *     {@code xs} is a constant: the tape did not record the ops that use it, so its gradient is
   *     unknown (make it with {@link Tensor#variable})
   */
  public Tensor[] gradient(Tensor y, Tensor... xs) {
    checkUsable("gradient");
    if (y.length() != 1) {
      throw new IllegalArgumentException("gradient: the output has shape " + Shapes.str(y.shape())
          + ", not a scalar; reduce it first (sum(), mean()) or use vjp(y, cotangent, xs)");
    }
    return vjp(y, Tensor.onesLike(y), xs);
  }

  /** Gradients of the scalar {@code y} with respect to a list of tensors, in order. */
  public List<Tensor> gradient(Tensor y, List<Tensor> xs) {
    return Arrays.asList(gradient(y, xs.toArray(new Tensor[0])));
  }

  /**
   * Gradients of the scalar {@code y} with respect to named tensors (a module's parameters),
   * keyed and ordered like {@code xs}.
   */
  public Map<String, Tensor> gradient(Tensor y, Map<String, Tensor> xs) {
    List<String> names = new ArrayList<>(xs.keySet());
    Tensor[] gs = gradient(y, xs.values().toArray(new Tensor[0]));
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < gs.length; i++) {
      out.put(names.get(i), gs[i]);
    }
    return out;
  }

  /**
   * The vector-Jacobian product {@code vᵀ·∂y/∂x} for each of {@code xs}: the gradient of
   * {@code sum(v ⊙ y)}.
   *
   * @param v the cotangent, of {@code y}'s shape and type
   * @throws IllegalArgumentException as {@link #gradient}, or if {@code v}'s shape or type differs
   *     from {@code y}'s
   */
  public Tensor[] vjp(Tensor y, Tensor v, Tensor... xs) {
    checkUsable("vjp");
    if (used && !persistent) {
      throw new IllegalStateException("gradient was already computed on this tape; open it with "
          + "Tape.persistent() to compute gradients more than once");
    }
    requireRecordedOutput(y);
    if (!Arrays.equals(y.shape(), v.shape())) {
      throw new IllegalArgumentException("vjp: cotangent shape " + Shapes.str(v.shape())
          + " differs from the output shape " + Shapes.str(y.shape()));
    }
    if (v.dtype() != y.dtype()) {
      // Every VJP keeps its cotangent's type: a float32 cotangent for a float64 output would
      // come back as float32 gradients (or fail inside some op's VJP, blaming that op).
      throw new IllegalArgumentException("vjp: the cotangent is " + v.dtype() + " but the output is "
          + y.dtype() + " (shape " + Shapes.str(y.shape()) + "); a cotangent has the output's type and shape:"
          + " convert it with castTo(DataType." + y.dtype() + ")");
    }
    Backward.requireDifferentiable(xs); // before the tape counts as used: a refused call changes nothing
    used = true;
    paused = true;
    try {
      return Backward.run(y, v, xs, !persistent && !isRecording());
    } finally {
      paused = false;
    }
  }

  /**
   * Refuses an output that requires no gradient: no recorded op connects it to any target, so
   * every gradient would be zero, which is far more often a mistake than the answer.
   */
  private static void requireRecordedOutput(Tensor y) {
    if (y == null) {
      throw new NullPointerException("gradient: the output is null");
    }
    if (y.requiresGrad()) {
      return;
    }
    if (y.graphEnded()) {
      throw keptFromClosedTape("the output", y);
    }
    if (y.constantFrom() != null) {
      throw new IllegalArgumentException("gradient: the output was produced by '" + y.constantFrom()
          + "', which is not differentiable (listed so in Primitives): its output is a constant");
    }
    throw new IllegalArgumentException("gradient: the output (" + y.dtype() + " " + Shapes.str(y.shape())
        + ") does not require a gradient: no recorded op connects it to a variable, so every gradient"
        + " would be silently zero. Likely causes: it was computed before this tape opened (compute the"
        + " loss inside the try block), under Tape.noGrad(), through detach(), or from constants only"
        + " (make the inputs to differentiate with Tensor.variable); or it is a gradient this tape"
        + " computed, and a tape does not record its own backward pass: for a gradient of a gradient,"
        + " compute the inner gradient on a tape opened inside another one and differentiate it with"
        + " the outer tape. If the output truly does not depend on the variables (the gradient of a"
        + " linear function, say), its gradient is zero: test y.requiresGrad() first");
  }

  /** A tensor kept out of a tape that has closed, used as an output or target of this one. */
  static IllegalArgumentException keptFromClosedTape(String what, Tensor t) {
    return new IllegalArgumentException("gradient: " + what + " (" + t.dtype() + " " + Shapes.str(t.shape())
        + ") was kept from a tape that has closed, so it is a constant now: the ops that made it ended"
        + " with that tape. Compute it inside this tape to differentiate through it; to carry a value"
        + " across steps on purpose (an RNN's state), use it as the constant it is");
  }

  /** Releases every tensor this tape created (except kept ones) and ends its step. */
  @Override
  public void close() {
    boolean open = !isClosed();
    super.close();
    if (step && open) {
      Executor.current().endStep();
    }
  }

  @Override
  String kind() {
    return persistent ? "persistent tape" : "tape";
  }
}
