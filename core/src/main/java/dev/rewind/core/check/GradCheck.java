package dev.rewind.core.check;

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
 * GradCheck.of("mlp", xs -> model.apply(xs[0]).sum())
 *     .at(x).parameters(model.parameters()).check();
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

  private GradCheck(String name, Function<Tensor[], Tensor> fn) {
    this.name = name;
    this.fn = fn;
  }

  /** A check of a function of one tensor. */
  public static GradCheck of(Function<Tensor, Tensor> f) {
    Objects.requireNonNull(f, "f");
    return new GradCheck("f", xs -> f.apply(xs[0]));
  }

  /** A check of a named function of one tensor. */
  public static GradCheck of(String name, Function<Tensor, Tensor> f) {
    Objects.requireNonNull(f, "f");
    return new GradCheck(name, xs -> f.apply(xs[0]));
  }

  /** A check of a named function of several tensors. */
  public static GradCheck ofMany(String name, Function<Tensor[], Tensor> f) {
    return new GradCheck(name, Objects.requireNonNull(f, "f"));
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

  /** Runs the check; throws {@link AssertionError} on the first disagreement. */
  public void check() {
    try {
      checkFirstOrder(name, fn);
    } catch (AssertionError e) {
      if (audit) {
        String report = TapeAudit.of(name, fn).tolerances(atol, rtol).eps(eps).constant(constants).at(inputs).report();
        throw new AssertionError(e.getMessage() + "\n" + report, e);
      }
      throw e;
    }
    if (secondOrder) {
      checkFirstOrder(name + " (second order)", gradientProjection());
    }
  }

  // -------------------------------------------------------------------------------------------

  private void checkFirstOrder(String fname, Function<Tensor[], Tensor> f) {
    Random rnd = new Random(seed);
    INDArray out = evaluate(f);
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
      analytic[i] = flat(analyticVjp(f, u, t));
    }
    for (long j = 0; j < n; j++) {
      double orig = target.getDouble(j);
      target.putScalar(j, orig + eps);
      double[] plus = flat(evaluate(f));
      target.putScalar(j, orig - eps);
      double[] minus = flat(evaluate(f));
      target.putScalar(j, orig);
      for (int i = 0; i < nOut; i++) {
        double num = (plus[i] - minus[i]) / (2 * eps);
        double ana = analytic[i][(int) j];
        if (!(Math.abs(ana - num) <= atol + rtol * Math.abs(num))) {
          fail(fname, what, target, j, ana, num, "d output[" + i + "] / d element");
        }
      }
    }
  }

  private void projected(String fname, Function<Tensor[], Tensor> f, String what, int t,
      INDArray target, long[] outShape, Random rnd) {
    for (int k = 0; k < projections; k++) {
      INDArray u = gaussian(outShape, rnd);
      INDArray v = gaussian(target.shape(), rnd);
      double ana = flatDot(analyticVjp(f, u, t), v);
      INDArray orig = target.dup();
      target.addi(v.mul(eps));
      double plus = flatDot(evaluate(f), u);
      target.assign(orig).subi(v.mul(eps));
      double minus = flatDot(evaluate(f), u);
      target.assign(orig);
      double num = (plus - minus) / (2 * eps);
      if (!(Math.abs(ana - num) <= atol + rtol * Math.abs(num))) {
        throw new AssertionError("gradient check of '" + fname + "' failed for " + what + " of shape "
            + Arrays.toString(target.shape()) + " in projection " + k + ": ⟨Jᵀu, v⟩ analytic " + ana
            + " vs ⟨u, J v⟩ numeric " + num + " (|diff| " + Math.abs(ana - num) + " > atol " + atol
            + " + rtol " + rtol + "·|numeric|; eps " + eps + ")");
      }
    }
  }

  private void fail(String fname, String what, INDArray target, long j, double ana, double num, String entry) {
    long[] idx = Nd4jIndex.unravel(j, target.shape());
    throw new AssertionError("gradient check of '" + fname + "' failed for " + what + " of shape "
        + Arrays.toString(target.shape()) + " at index " + Arrays.toString(idx) + " (" + entry + "): analytic "
        + ana + " vs numeric " + num + " (|diff| " + Math.abs(ana - num) + " > atol " + atol + " + rtol " + rtol
        + "·|numeric|; eps " + eps + ")");
  }

  /** f evaluated without recording, as a float64 copy. */
  private INDArray evaluate(Function<Tensor[], Tensor> f) {
    Tensor[] xs = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      xs[i] = Tensor.of(inputs[i]);
    }
    try (Scope s = Scope.open()) {
      Tensor y = f.apply(xs);
      return y.value().castTo(DataType.DOUBLE).dup('c');
    }
  }

  /** The VJP with cotangent u with respect to target t (an input index, or a parameter after them). */
  private INDArray analyticVjp(Function<Tensor[], Tensor> f, INDArray u, int t) {
    try (Tape tape = Tape.record()) {
      Tensor[] xs = new Tensor[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        xs[i] = constants.contains(i) ? Tensor.of(inputs[i]) : Tensor.variable(inputs[i]);
      }
      Tensor y = f.apply(xs);
      Tensor target = t < xs.length ? xs[t] : new ArrayList<>(params.values()).get(t - xs.length);
      Tensor[] g = tape.vjp(y, Tensor.of(u.castTo(y.dtype())), target);
      return g[0].value().castTo(DataType.DOUBLE).dup('c');
    }
  }

  /**
   * h(x) = ⟨w, ∇ₓ⟨u, f(x)⟩⟩ summed over inputs and parameters, for random u and w: its gradient
   * involves every second derivative the backward pass has to get right.
   */
  private Function<Tensor[], Tensor> gradientProjection() {
    Random rnd = new Random(seed + 1);
    INDArray u = gaussian(evaluate(fn).shape(), rnd);
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
          if (!constants.contains(i)) {
            targets.add(vars[i]);
            weights.add(w[i]);
          }
        }
        for (int i = 0; i < ps.size(); i++) {
          targets.add(ps.get(i));
          weights.add(w[vars.length + i]);
        }
        if (targets.isEmpty()) {
          return Tensor.scalar(0, DataType.DOUBLE).keep();
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
    return a.dup('c').data().asDouble();
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
