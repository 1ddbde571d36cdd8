package dev.rewind.optim;

import dev.rewind.core.InPlace;
import dev.rewind.optim.schedule.Schedule;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The update transforms optimizers are built from. Notation: g the incoming update (the gradient
 * at the start of a chain), k = t + 1 the 1-based step used in bias corrections, ⊙ and squares and
 * roots element-wise. Temporaries are freed at once and scalar arithmetic builds no operand
 * arrays ({@link InPlace}): ND4J frees off-heap memory only then or on a garbage collection that
 * heap pressure may never trigger.
 *
 * <p>Hyperparameters are checked when a transform is built: decay rates β, ρ in [0, 1), weight
 * decay finite and ≥ 0, ε finite and &gt; 0; each factory throws IllegalArgumentException naming
 * the value.
 */
public final class Transforms {
  private Transforms() {}

  /**
   * u ← −η_t · u: the learning rate (and the descent sign). η_t must be finite at every step: a
   * step where it is not throws IllegalStateException naming the schedule, the value and t, before
   * anything changes ({@link Transform#check}).
   */
  public static Transform scaleByLearningRate(Schedule lr) {
    Objects.requireNonNull(lr, "lr");
    return new LearningRate(lr, "Transforms.scaleByLearningRate(" + lr + ")");
  }

  /**
   * The learning-rate stage. A chain of this stage alone is plain SGD, which
   * {@link ChainOptimizer} runs as one {@code θ ← θ − η_t·g} pass ({@link InPlace#axpy}) instead
   * of copying g, scaling the copy and adding it.
   */
  static final class LearningRate extends Stage {
    private final Schedule lr;
    private final String call;

    private LearningRate(Schedule lr, String call) {
      super("lr", List.of(), call, (u, p, s, t) -> InPlace.mul(u, -Transforms.rate(call, lr, t)));
      this.lr = lr;
      this.call = call;
    }

    /** η_t, checked finite and ≥ 0. */
    double rate(long step) {
      return Transforms.rate(call, lr, step);
    }

    @Override
    public void check(long step) {
      rate(step);
    }
  }

  /** η_t as a finite double ≥ 0 (ND4J's muli would quietly replace a NaN factor by 1e-5). */
  private static double rate(String call, Schedule lr, long t) {
    double eta = lr.at(t);
    if (!(Double.isFinite(eta) && eta >= 0)) {
      // a negative rate would climb the loss: the same refusal as a negative constant rate
      throw new IllegalStateException(call + ": the learning rate is " + eta + " at step " + t
          + "; give a schedule whose values are finite and ≥ 0");
    }
    return eta;
  }

  /**
   * u ← u + λθ: weight decay (decoupled when it comes after an adaptive scaling); λ finite and
   * ≥ 0.
   */
  public static Transform addDecayedWeights(double weightDecay) {
    Checks.nonNegative("Transforms.addDecayedWeights", "weightDecay", weightDecay);
    return stateless("decay", "Transforms.addDecayedWeights(" + weightDecay + ")",
        (u, p, s, t) -> {
          if (weightDecay != 0) {
            INDArray d = InPlace.mul(p.dup(), weightDecay);
            InPlace.add(u, d);
            InPlace.free(d);
          }
        });
  }

  /**
   * Momentum trace: v ← ρv + u; then u ← v, or u ← ρv + u with Nesterov. Placed after
   * {@link #scaleByLearningRate} it gives the course's momentum Δθ_t = ρΔθ_{t−1} − ηg_t, and with
   * Nesterov the Sutskever form: v ← ρv − ηg, θ ← θ + ρv − ηg (PyTorch's {@code nesterov=True}
   * for a constant rate; PyTorch keeps η outside the velocity). ρ in [0, 1).
   */
  public static Transform trace(double rho, boolean nesterov) {
    Checks.decayRate("Transforms.trace", "rho", rho);
    return stateful(nesterov ? "nesterov" : "momentum", List.of("velocity"),
        "Transforms.trace(" + rho + ", " + nesterov + ")", (u, p, s, t) -> {
          INDArray v = s[0];
          InPlace.add(InPlace.mul(v, rho), u);
          if (nesterov) {
            INDArray lookahead = InPlace.mul(v.dup(), rho);
            InPlace.add(u, lookahead);
            InPlace.free(lookahead);
          } else {
            InPlace.copy(u, v);
          }
        });
  }

  /**
   * AdaGrad: G ← G + g⊙g; u ← g / √(G + ε). ε sits inside the square root as in the course
   * (PyTorch adds it outside; with ε = 1e-10 they differ only for gradients near zero). ε finite
   * and &gt; 0.
   */
  public static Transform scaleByAdagrad(double eps) {
    Checks.epsilon("Transforms.scaleByAdagrad", eps);
    MomentRules.Rule rule = MomentRules.adagrad(eps); // built once, not per step
    return stateful("adagrad", List.of("sum"), "Transforms.scaleByAdagrad(" + eps + ")",
        (u, p, s, t) -> {
          if (oneKernelPass(u, s[0], null, rule)) {
            return;
          }
          INDArray sq = InPlace.mul(u.dup(), u);
          InPlace.add(s[0], sq);
          divideByRoot(u, s[0], eps, sq);
          InPlace.free(sq);
        });
  }

  /**
   * RMSprop: G ← βG + (1 − β)g⊙g; u ← g / √(G + ε) (ε inside the root, as in the course); β in
   * [0, 1), ε finite and &gt; 0.
   */
  public static Transform scaleByRms(double beta, double eps) {
    Checks.decayRate("Transforms.scaleByRms", "beta", beta);
    Checks.epsilon("Transforms.scaleByRms", eps);
    MomentRules.Rule rule = MomentRules.rms(beta, eps); // built once, not per step
    return stateful("rms", List.of("meanSquare"), "Transforms.scaleByRms(" + beta + ", " + eps + ")",
        (u, p, s, t) -> {
          if (oneKernelPass(u, s[0], null, rule)) {
            return;
          }
          INDArray sq = InPlace.mul(InPlace.mul(u.dup(), u), 1 - beta);
          InPlace.add(InPlace.mul(s[0], beta), sq);
          divideByRoot(u, s[0], eps, sq);
          InPlace.free(sq);
        });
  }

  /**
   * AdaDelta (Zeiler): G ← ρG + (1 − ρ)g⊙g; Δ = √(X + ε) / √(G + ε) ⊙ g;
   * X ← ρX + (1 − ρ)Δ⊙Δ; u ← Δ. X is accumulated before any learning-rate scaling, as in PyTorch.
   * ρ in [0, 1), ε finite and &gt; 0.
   */
  public static Transform scaleByAdadelta(double rho, double eps) {
    Checks.decayRate("Transforms.scaleByAdadelta", "rho", rho);
    Checks.epsilon("Transforms.scaleByAdadelta", eps);
    MomentRules.Rule rule = MomentRules.adadelta(rho, eps); // built once, not per step
    return stateful("adadelta", List.of("meanSquare", "meanSquareDelta"),
        "Transforms.scaleByAdadelta(" + rho + ", " + eps + ")", (u, p, s, t) -> {
          if (oneKernelPass(u, s[0], s[1], rule)) {
            return;
          }
          INDArray sq = InPlace.mul(InPlace.mul(u.dup(), u), 1 - rho);
          InPlace.add(InPlace.mul(s[0], rho), sq);
          divideByRoot(u, s[0], eps, sq);
          InPlace.add(InPlace.copy(sq, s[1]), eps);
          org.nd4j.linalg.ops.transforms.Transforms.sqrt(sq, false);
          InPlace.mul(u, sq);
          InPlace.mul(InPlace.mul(InPlace.copy(sq, u), u), 1 - rho);
          InPlace.add(InPlace.mul(s[1], rho), sq);
          InPlace.free(sq);
        });
  }

  /**
   * Adam's direction with bias correction: M ← β1 M + (1 − β1)g; G ← β2 G + (1 − β2)g⊙g;
   * u ← M̂ / (√Ĝ + ε) with M̂ = M/(1 − β1^k), Ĝ = G/(1 − β2^k). ε is outside the root (errata of
   * the course, as in the Adam paper and PyTorch). β1, β2 in [0, 1), ε finite and &gt; 0.
   */
  public static Transform scaleByAdam(double beta1, double beta2, double eps) {
    checkMoments("Transforms.scaleByAdam", beta1, beta2, eps);
    return stateful("adam", List.of("m", "v"),
        "Transforms.scaleByAdam(" + beta1 + ", " + beta2 + ", " + eps + ")", (u, p, s, t) -> {
          long k = t + 1;
          if (oneKernelPass(u, s[0], s[1], MomentRules.adam(beta1, beta2, eps, k))) {
            return;
          }
          INDArray tmp = moments(u, s, beta1, beta2);
          denominator(tmp, s[1], beta2, k, eps);
          InPlace.div(InPlace.div(InPlace.copy(u, s[0]), 1 - Math.pow(beta1, k)), tmp);
          InPlace.free(tmp);
        });
  }

  /**
   * Nadam (Dozat 2016, Algorithm 2 with a constant momentum μ = β1): M and G as in Adam, then
   * u ← (β1 M / (1 − β1^(k+1)) + (1 − β1) g / (1 − β1^k)) / (√Ĝ + ε). β1, β2 in [0, 1), ε finite
   * and &gt; 0.
   */
  public static Transform scaleByNadam(double beta1, double beta2, double eps) {
    checkMoments("Transforms.scaleByNadam", beta1, beta2, eps);
    return stateful("nadam", List.of("m", "v"),
        "Transforms.scaleByNadam(" + beta1 + ", " + beta2 + ", " + eps + ")", (u, p, s, t) -> {
          long k = t + 1;
          if (oneKernelPass(u, s[0], s[1], MomentRules.nadam(beta1, beta2, eps, k))) {
            return;
          }
          INDArray tmp = moments(u, s, beta1, beta2);
          // u still holds g: u ← (1 − β1) g / (1 − β1^k) + β1 M / (1 − β1^(k+1))
          InPlace.mul(u, (1 - beta1) / (1 - Math.pow(beta1, k)));
          InPlace.mul(InPlace.copy(tmp, s[0]), beta1 / (1 - Math.pow(beta1, k + 1)));
          InPlace.add(u, tmp);
          denominator(tmp, s[1], beta2, k, eps);
          InPlace.div(u, tmp);
          InPlace.free(tmp);
        });
  }

  /**
   * Runs {@code rule} over u and its moments a (and b) in one pass ({@link MomentRules}) when
   * they are plain float32/float64 arrays of one length; returns false to leave other layouts to
   * the composed ND4J form that follows each call.
   */
  private static boolean oneKernelPass(INDArray u, INDArray a, INDArray b, MomentRules.Rule rule) {
    if (!MomentRules.applies(u, a, b)) {
      return false;
    }
    dev.rewind.core.JavaKernels.update(u, a, b, rule.f(), rule.d());
    return true;
  }

  /** Checks Adam's and Nadam's hyperparameters. */
  static void checkMoments(String op, double beta1, double beta2, double eps) {
    Checks.decayRate(op, "beta1", beta1);
    Checks.decayRate(op, "beta2", beta2);
    Checks.epsilon(op, eps);
  }

  /** Updates Adam's moments from u (left unchanged); returns a scratch array shaped like u. */
  private static INDArray moments(INDArray u, INDArray[] s, double beta1, double beta2) {
    INDArray tmp = InPlace.mul(u.dup(), 1 - beta1);
    InPlace.add(InPlace.mul(s[0], beta1), tmp);
    InPlace.mul(InPlace.mul(InPlace.copy(tmp, u), u), 1 - beta2);
    InPlace.add(InPlace.mul(s[1], beta2), tmp);
    return tmp;
  }

  /** out ← √(G / (1 − β2^k)) + ε. */
  private static void denominator(INDArray out, INDArray g, double beta2, long k, double eps) {
    InPlace.div(InPlace.copy(out, g), 1 - Math.pow(beta2, k));
    org.nd4j.linalg.ops.transforms.Transforms.sqrt(out, false);
    InPlace.add(out, eps);
  }

  /** u ← u / √(acc + ε), overwriting {@code scratch}. */
  private static void divideByRoot(INDArray u, INDArray acc, double eps, INDArray scratch) {
    InPlace.add(InPlace.copy(scratch, acc), eps);
    org.nd4j.linalg.ops.transforms.Transforms.sqrt(scratch, false);
    InPlace.div(u, scratch);
  }

  @FunctionalInterface
  interface Rule {
    void apply(INDArray u, INDArray param, INDArray[] state, long step);
  }

  static Transform stateless(String name, String call, Rule rule) {
    return stateful(name, List.of(), call, rule);
  }

  static Transform stateful(String name, List<String> slots, String call, Rule rule) {
    return new Stage(name, slots, call, rule);
  }

  /** A transform from a rule; prints as the call that built it. */
  private static class Stage implements Transform {
    private final String name;
    private final List<String> slots;
    private final String call;
    private final Rule rule;

    Stage(String name, List<String> slots, String call, Rule rule) {
      this.name = name;
      this.slots = slots;
      this.call = call;
      this.rule = rule;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<String> slots() {
      return slots;
    }

    @Override
    public void apply(INDArray u, INDArray param, INDArray[] state, long step) {
      rule.apply(u, param, state, step);
    }

    @Override
    public String toString() {
      return call;
    }
  }
}
