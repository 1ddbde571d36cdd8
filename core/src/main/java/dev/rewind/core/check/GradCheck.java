package dev.rewind.core.check;

import dev.rewind.core.NativeBuffers;
import dev.rewind.core.Scope;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks reverse-mode gradients against central differences
 * {@code (f(x+εe) − f(x−εe)) / 2ε}, in float64, with PyTorch's defaults
 * ({@code ε = 1e-6, atol = 1e-5, rtol = 1e-3}); an element passes when
 * {@code |analytic − numeric| ≤ atol + rtol·|numeric|}.
 *
 * <pre>{@code
 * GradCheck.of(x -> x.tanh().sum()).at(Nd4j.rand(DataType.DOUBLE, 3, 4)).check();
 * GradCheck.of("mlp", x -> model.apply(x).sum())
 *     .at(x0).parameters(model.parameters()).check();
 * }</pre>
 *
 * <p>Small problems are checked on the full Jacobian (every output against every input
 * element); large ones by random projections, comparing {@code ⟨u, J v⟩} (numeric) with
 * {@code ⟨Jᵀu, v⟩} (analytic). Inputs and parameters are both checked. {@link #secondOrder()}
 * also checks the gradient of the gradient through nested tapes. A failure is an
 * {@link AssertionError} naming the function, the input or parameter, its shape, the worst
 * element, both values and the tolerances, followed by a {@link TapeAudit} of the graph.
 */
public final class GradCheck {
  private final String name;
  private final Function<Tensor[], Tensor> fn;
  private INDArray[] inputs = new INDArray[0];
  private final Map<String, Tensor> params = new LinkedHashMap<>();
  private double eps = 1e-6;
  private double atol = 1e-5;
  private double rtol = 1e-3;
  private int fullLimit = 20_000;
  private int projections = 3;
  private boolean secondOrder;
  private boolean audit = true;
  private long seed = 42;
  private final java.util.Set<Integer> constants = new java.util.HashSet<>();
  /** How many inputs the function takes: 1 for {@link #of}, −1 (any) for {@link #ofMany}. */
  private final int arity;

  private GradCheck(String name, Function<Tensor[], Tensor> fn, int arity) {
    this.name = name;
    this.fn = fn;
    this.arity = arity;
  }

  /** A check of a function of one tensor. */
  public static GradCheck of(Function<Tensor, Tensor> f) {
    Objects.requireNonNull(f, "f");
    return new GradCheck("f", xs -> f.apply(xs[0]), 1);
  }

  /** A check of a named function of one tensor. */
  public static GradCheck of(String name, Function<Tensor, Tensor> f) {
    Objects.requireNonNull(f, "f");
    return new GradCheck(name, xs -> f.apply(xs[0]), 1);
  }

  /** A check of a named function of several tensors. */
  public static GradCheck ofMany(String name, Function<Tensor[], Tensor> f) {
    return new GradCheck(name, Objects.requireNonNull(f, "f"), -1);
  }

  /**
   * The point to check at: float64 values, copied. Float32 values are refused with a message,
   * since their rounding swamps a central difference.
   */
  public GradCheck at(INDArray... values) {
    INDArray[] copies = new INDArray[values.length];
    for (int i = 0; i < values.length; i++) {
      requireDouble("input " + i, values[i]);
      copies[i] = values[i].dup('c');
    }
    this.inputs = copies;
    return this;
  }

  /** The point to check at, from tensors' values. */
  public GradCheck at(Tensor... values) {
    INDArray[] raw = new INDArray[values.length];
    for (int i = 0; i < values.length; i++) {
      raw[i] = values[i].value();
    }
    return at(raw);
  }

  /**
   * Marks inputs (by position) as constants: passed to the function but neither differentiated
   * nor checked — masks, indices, targets.
   */
  public GradCheck constant(int... inputIndices) {
    for (int i : inputIndices) {
      constants.add(i);
    }
    return this;
  }

  /** Parameters the function closes over (a module's), checked too; they must be float64. */
  public GradCheck parameters(Map<String, Tensor> parameters) {
    for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
      requireDouble("parameter '" + e.getKey() + "'", e.getValue().value());
      params.put(e.getKey(), e.getValue());
    }
    return this;
  }

  /** Parameters as a list, named by position. */
  public GradCheck parameters(List<Tensor> parameters) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      m.put("param" + i, parameters.get(i));
    }
    return parameters(m);
  }

  /** The finite-difference step (default 1e-6). */
  public GradCheck eps(double eps) {
    this.eps = eps;
    return this;
  }

  /** Absolute and relative tolerances (defaults 1e-5 and 1e-3). */
  public GradCheck tolerances(double atol, double rtol) {
    this.atol = atol;
    this.rtol = rtol;
    return this;
  }

  /** Above this many Jacobian entries per input, random projections are used (default 20,000). */
  public GradCheck fullJacobianLimit(int entries) {
    this.fullLimit = entries;
    return this;
  }

  /** Forces projection mode with {@code k} random directions. */
  public GradCheck projections(int k) {
    this.projections = k;
    this.fullLimit = 0;
    return this;
  }

  /** Also checks second derivatives (the gradient of a random projection of the gradient). */
  public GradCheck secondOrder() {
    this.secondOrder = true;
    return this;
  }

  /** Skips the tape audit on failure. */
  public GradCheck withoutAudit() {
    this.audit = false;
    return this;
  }

  /** Seeds the random cotangents and directions (default 42). */
  public GradCheck seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Runs the check; throws {@link AssertionError} naming the input or parameter that fails and
   * its worst element (the largest excess over the tolerance), followed by a tape audit.
   *
   * @throws IllegalArgumentException if the function's output is not float64 (a float32 result
   *     rounds away the central difference: build the function in float64)
   * @throws IllegalStateException if a function of one tensor ({@link #of}) was not given one
   *     input with {@link #at}, or {@link #constant} names a position that {@link #at} did not give
   */
  public void check() {
    if (arity >= 0 && inputs.length != arity) {
      // Without it, a check with at() forgotten (parameters only) died on an
      // ArrayIndexOutOfBoundsException inside the lambda that unwraps the one input.
      throw new IllegalStateException("GradCheck: '" + name + "' is a function of one tensor but was given "
          + inputs.length + " inputs; give the point with at(x) (the parameters come with parameters(...)),"
          + " or use GradCheck.ofMany for a function of several tensors");
    }
    requireConstantPositions("GradCheck", name, constants, inputs.length);
    try {
      checkFirstOrder(name, fn);
    } catch (AssertionError e) {
      throw audited(e, false);
    }
    if (secondOrder) {
      try {
        checkFirstOrder(name + " (second order)", gradientProjection());
      } catch (AssertionError e) {
        throw audited(e, true);
      }
    }
  }

  /**
   * Refuses a constant position past the {@code n} inputs ({@code who}: GradCheck or TapeAudit):
   * it was ignored, so the input meant to stay constant was differentiated and checked.
   */
  static void requireConstantPositions(String who, String name, java.util.Set<Integer> constants, int n) {
    for (int c : constants) {
      if (c < 0 || c >= n) {
        throw new IllegalStateException(who + ": '" + name + "' marks input " + c + " constant, but it has " + n
            + " input" + (n == 1 ? "" : "s") + " (positions 0 to " + (n - 1) + "); constant(...) takes positions in at(...)");
      }
    }
  }

  /** {@code e} with the tape audit's report (first or second order) appended, unless audits are off. */
  private AssertionError audited(AssertionError e, boolean second) {
    if (!audit) {
      return e;
    }
    TapeAudit a = TapeAudit.of(name, fn).tolerances(atol, rtol).eps(eps).constant(constants).at(inputs);
    String report = (second ? a.secondOrder() : a).report();
    return new AssertionError(e.getMessage() + "\n" + report, e);
  }

  // -------------------------------------------------------------------------------------------

  private void checkFirstOrder(String fname, Function<Tensor[], Tensor> f) {
    Random rnd = new Random(seed);
    outputWasConstant = false;
    INDArray out = evaluate(fname, f);
    long nOut = out.length();
    List<String> names = new ArrayList<>();
    List<INDArray> targets = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      names.add("input " + i);
      targets.add(inputs[i]);
    }
    for (Map.Entry<String, Tensor> e : params.entrySet()) {
      names.add("parameter '" + e.getKey() + "'");
      targets.add(e.getValue().value());
    }
    for (int t = 0; t < targets.size(); t++) {
      INDArray target = targets.get(t);
      if (!target.dataType().isFPType() || target.isEmpty() || constants.contains(t)) {
        continue;
      }
      if (nOut * target.length() <= fullLimit) {
        fullJacobian(fname, f, names.get(t), t, target, out.shape(), nOut);
      } else {
        projected(fname, f, names.get(t), t, target, out.shape(), rnd);
      }
    }
  }

  private void fullJacobian(String fname, Function<Tensor[], Tensor> f, String what, int t,
      INDArray target, long[] outShape, long nOut) {
    long n = target.length();
    double[][] analytic = new double[(int) nOut][];
    for (int i = 0; i < nOut; i++) {
      INDArray u = Nd4j.zeros(DataType.DOUBLE, outShape);
      u.putScalar(i, 1.0);
      analytic[i] = flat(analyticVjp(fname, f, u, t, what));
    }
    // Every element is compared and the worst one reported (the largest excess over its
    // tolerance), not the first: the first is often a harmless near-miss next to the real culprit.
    Worst worst = new Worst();
    long[] shape = target.shape();
    for (long j = 0; j < n; j++) {
      // j counts in row-major order, as the flattened analytic gradients do; a linear index into
      // an f-ordered parameter or a transposed view would count in its own order and compare
      // each analytic entry with another element's difference quotient
      long[] at = shape.length == 0 ? null : Nd4jIndex.unravel(j, shape); // rank 0: the one element
      double orig = at == null ? target.getDouble(0) : target.getDouble(at);
      double[] plus;
      double[] minus;
      try {
        set(target, at, orig + eps);
        plus = flat(evaluate(fname, f));
        set(target, at, orig - eps);
        minus = flat(evaluate(fname, f));
      } finally {
        set(target, at, orig); // restored even when f throws: it may be the user's parameter
      }
      for (int i = 0; i < nOut; i++) {
        double num = (plus[i] - minus[i]) / (2 * eps);
        worst.offer(analytic[i][(int) j], num, j, i);
      }
    }
    if (worst.failures > 0) {
      long[] idx = Nd4jIndex.unravel(worst.element, target.shape());
      throw new AssertionError("gradient check of '" + fname + "' failed for " + what + " of shape "
          + Arrays.toString(target.shape()) + " at index " + Arrays.toString(idx) + " (d output[" + worst.output
          + "] / d element), the worst of " + worst.failures + " of " + (n * nOut) + " Jacobian entries outside"
          + " the tolerance: analytic " + worst.ana + " vs numeric " + worst.num + " (|diff| "
          + Math.abs(worst.ana - worst.num) + " > atol " + atol + " + rtol " + rtol + "·|numeric|; eps " + eps + ")"
          + constantHint());
    }
  }

  private static void set(INDArray target, long[] at, double v) {
    if (at == null) {
      target.putScalar(0, v);
    } else {
      target.putScalar(at, v);
    }
  }

  private void projected(String fname, Function<Tensor[], Tensor> f, String what, int t,
      INDArray target, long[] outShape, Random rnd) {
    Worst worst = new Worst();
    for (int k = 0; k < projections; k++) {
      INDArray u = gaussian(outShape, rnd);
      INDArray v = gaussian(target.shape(), rnd);
      double ana = flatDot(analyticVjp(fname, f, u, t, what), v);
      INDArray orig = target.dup();
      double plus;
      double minus;
      try {
        target.addi(v.mul(eps));
        plus = flatDot(evaluate(fname, f), u);
        target.assign(orig).subi(v.mul(eps));
        minus = flatDot(evaluate(fname, f), u);
      } finally {
        target.assign(orig); // restored even when f throws: it may be the user's parameter
      }
      worst.offer(ana, (plus - minus) / (2 * eps), k, 0);
    }
    if (worst.failures > 0) {
      throw new AssertionError("gradient check of '" + fname + "' failed for " + what + " of shape "
          + Arrays.toString(target.shape()) + " in projection " + worst.element + " (the worst of " + worst.failures
          + " of " + projections + " failing): ⟨Jᵀu, v⟩ analytic " + worst.ana + " vs ⟨u, J v⟩ numeric " + worst.num
          + " (|diff| " + Math.abs(worst.ana - worst.num) + " > atol " + atol + " + rtol " + rtol
          + "·|numeric|; eps " + eps + ")" + constantHint());
    }
  }

  /** The comparison that exceeds its tolerance by the most (NaN first), and how many exceed it. */
  private final class Worst {
    double excess = Double.NEGATIVE_INFINITY;
    double ana;
    double num;
    long element;
    int output;
    long failures;

    void offer(double a, double n, long elem, int out) {
      double tol = atol + rtol * Math.abs(n);
      if (Math.abs(a - n) <= tol) {
        return;
      }
      failures++;
      double e = Math.abs(a - n) - tol;
      if (Double.isNaN(e)) {
        e = Double.POSITIVE_INFINITY;
      }
      if (failures == 1 || e > excess) {
        excess = e;
        ana = a;
        num = n;
        element = elem;
        output = out;
      }
    }
  }

  private String constantHint() {
    return outputWasConstant ? "; note: the function's output requires no gradient, so the analytic gradient"
        + " is zero: nothing recorded connects it to the inputs (constants only, detach(), no-grad; in a second-order"
        + " check, a VJP computed from raw arrays rather than with Tensor ops on its x and y)" : "";
  }

  /** f evaluated without recording, as a float64 copy; refuses an output of another type. */
  private INDArray evaluate(String fname, Function<Tensor[], Tensor> f) {
    Tensor[] xs = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      xs[i] = Tensor.of(inputs[i]);
    }
    try (Scope s = Scope.open()) {
      Tensor y = Objects.requireNonNull(f.apply(xs), () -> "GradCheck: '" + fname + "' returned null");
      requireDoubleOutput(fname, y);
      return y.value().dup('c');
    }
  }

  private static void requireDoubleOutput(String fname, Tensor y) {
    if (y.dtype() != DataType.DOUBLE) {
      throw new IllegalArgumentException("GradCheck: '" + fname + "' returned " + y.dtype() + " of shape "
          + Arrays.toString(y.shape()) + "; gradient checks need float64 throughout (a " + y.dtype()
          + " result rounds away the central difference, so the check would fail or pass by accident):"
          + " compute the function in float64 (no castTo(DataType.FLOAT) inside)");
    }
  }

  /** Whether the last analytic VJP found the output requiring no gradient (so it was zero). */
  private boolean outputWasConstant;

  /**
   * The VJP with cotangent u with respect to target t (an input index, or a parameter after
   * them), as a float64 copy. A gradient of another type than the target fails the check: it is
   * never cast silently. A failing backward pass (a VJP that throws, or returns a wrong shape or
   * type) fails the check too, with the engine's message.
   */
  private INDArray analyticVjp(String fname, Function<Tensor[], Tensor> f, INDArray u, int t, String what) {
    try (Tape tape = Tape.record()) {
      Tensor[] xs = new Tensor[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        xs[i] = constants.contains(i) ? Tensor.of(inputs[i]) : Tensor.variable(inputs[i]);
      }
      Tensor y = f.apply(xs);
      requireDoubleOutput(fname, y);
      Tensor target = t < xs.length ? xs[t] : new ArrayList<>(params.values()).get(t - xs.length);
      if (!y.requiresGrad()) {
        // Computed from constants only (or detached): the analytic gradient is zero, and the
        // numeric one says whether that is right.
        outputWasConstant = true;
        return Nd4j.zeros(DataType.DOUBLE, target.shape());
      }
      Tensor[] g;
      try {
        g = tape.vjp(y, Tensor.of(u), target);
      } catch (IllegalStateException e) {
        throw new AssertionError("gradient check of '" + fname + "' failed for " + what
            + ": the backward pass failed: " + e.getMessage(), e);
      }
      if (g[0].dtype() != target.dtype()) {
        throw new AssertionError("gradient check of '" + fname + "' failed for " + what + " of shape "
            + Arrays.toString(target.shape()) + ": its gradient is " + g[0].dtype() + " but it is " + target.dtype()
            + "; a gradient must have its input's type");
      }
      return g[0].value().dup('c');
    }
  }

  /**
   * h(x) = ⟨w, ∇ₓ⟨u, f(x)⟩⟩ summed over inputs and parameters, for random u and w: its gradient
   * involves every second derivative the backward pass has to get right.
   */
  private Function<Tensor[], Tensor> gradientProjection() {
    Random rnd = new Random(seed + 1);
    INDArray u = gaussian(evaluate(name, fn).shape(), rnd);
    List<Tensor> ps = new ArrayList<>(params.values());
    INDArray[] w = new INDArray[inputs.length + ps.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = gaussian(i < inputs.length ? inputs[i].shape() : ps.get(i - inputs.length).shape(), rnd);
    }
    return xs -> {
      try (Tape inner = Tape.record()) {
        Tensor[] vars = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
          vars[i] = xs[i].requiresGrad() || constants.contains(i) ? xs[i] : Tensor.variable(xs[i].value());
        }
        Tensor y = fn.apply(vars);
        // Constants are not differentiated (a gradient is asked only of what requires one).
        List<Tensor> targets = new ArrayList<>();
        List<INDArray> weights = new ArrayList<>();
        for (int i = 0; i < vars.length; i++) {
          // integer inputs (indices) have no gradient: checkFirstOrder skips them too
          if (!constants.contains(i) && vars[i].dtype().isFPType()) {
            targets.add(vars[i]);
            weights.add(w[i]);
          }
        }
        for (int i = 0; i < ps.size(); i++) {
          targets.add(ps.get(i));
          weights.add(w[vars.length + i]);
        }
        if (targets.isEmpty() || !y.requiresGrad()) {
          return Tensor.scalar(0, DataType.DOUBLE).keep(); // no gradient depends on anything
        }
        Tensor[] g = inner.vjp(y, Tensor.of(u.castTo(y.dtype())), targets.toArray(new Tensor[0]));
        Tensor h = null;
        for (int i = 0; i < g.length; i++) {
          Tensor term = g[i].mul(Tensor.of(weights.get(i).castTo(g[i].dtype()))).sum();
          h = h == null ? term : h.add(term);
        }
        return h.keep();
      }
    };
  }

  private static INDArray gaussian(long[] shape, Random rnd) {
    INDArray a = Nd4j.zeros(DataType.DOUBLE, shape);
    for (long i = 0; i < a.length(); i++) {
      a.putScalar(i, rnd.nextGaussian());
    }
    return a;
  }

  private static double[] flat(INDArray a) {
    return NativeBuffers.toDoubles(a);
  }

  private static double flatDot(INDArray a, INDArray b) {
    double[] x = flat(a);
    double[] y = flat(b);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  private static void requireDouble(String what, INDArray a) {
    if (a.dataType() != DataType.DOUBLE && a.dataType().isFPType()) {
      throw new IllegalArgumentException("GradCheck: " + what + " is " + a.dataType() + " of shape "
          + Arrays.toString(a.shape()) + "; gradient checks need float64 (float32 rounding swamps a central "
          + "difference): convert it with castTo(DataType.DOUBLE) or build the model in float64");
    }
  }
}
