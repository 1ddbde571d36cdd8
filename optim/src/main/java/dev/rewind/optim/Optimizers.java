package dev.rewind.optim;

import dev.rewind.optim.schedule.Schedule;
import dev.rewind.optim.schedule.Schedules;
import java.util.List;

/**
 * The optimizers of the course (lecture 12), with the literature's defaults, each a chain of
 * {@link Transforms}. The learning rate is a constant or a {@link Schedule} evaluated at the
 * optimizer's step counter (from 0). With g the gradient and η_t the rate at step t:
 *
 * <ul>
 *   <li>SGD: θ ← θ − η_t g (with weight decay λ: θ ← θ − η_t(g + λθ), the course's (1 − β)θ − ηg)
 *   <li>momentum: Δθ ← ρΔθ − η_t g; θ ← θ + Δθ
 *   <li>Nesterov (Sutskever form): Δθ ← ρΔθ − η_t g; θ ← θ + ρΔθ − η_t g (PyTorch's
 *       {@code nesterov=True} for a constant rate only: PyTorch keeps η outside the velocity,
 *       Rewind inside, as the course does, so the two differ when the rate changes)
 *   <li>AdaGrad, RMSprop, AdaDelta, Adam, Nadam: see {@link Transforms}
 *   <li>AdamW: θ ← θ − η_t(M̂/(√Ĝ + ε) + λθ), the decay decoupled from the moments and scaled by
 *       the current rate
 * </ul>
 *
 * <p>Hyperparameters are checked when the optimizer is built, and each factory throws
 * IllegalArgumentException naming itself and the value: a constant rate η and weight decay λ
 * must be finite and ≥ 0, ε finite and &gt; 0 (a zero ε divided a zero gradient entry by zero); β1,
 * β2, β and ρ in [0, 1). A scheduled rate is checked at each step: a value that is not finite, or
 * is negative, throws IllegalStateException before anything changes.
 */
public final class Optimizers {
  private Optimizers() {}

  /** A custom optimizer from transforms applied in order; θ ← θ + u at the end. */
  public static Optimizer chain(Transform... transforms) {
    StringBuilder sb = new StringBuilder("Optimizers.chain(");
    for (int i = 0; i < transforms.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(transforms[i]);
    }
    return new ChainOptimizer(sb.append(')').toString(), List.of(transforms));
  }

  /** Plain (mini-batch) SGD. */
  public static Optimizer sgd(double lr) {
    return sgd(rate("Optimizers.sgd", lr), "Optimizers.sgd(" + lr + ")");
  }

  /** Plain SGD with a scheduled rate. */
  public static Optimizer sgd(Schedule lr) {
    return sgd(lr, "Optimizers.sgd(" + lr + ")");
  }

  private static Optimizer sgd(Schedule lr, String call) {
    return new ChainOptimizer(call, List.of(Transforms.scaleByLearningRate(lr)));
  }

  /** SGD with weight decay: θ ← θ − η(g + λθ); identical to L2 regularization λ/2‖θ‖² under SGD. */
  public static Optimizer sgd(double lr, double weightDecay) {
    Schedule rate = rate("Optimizers.sgd", lr);
    Checks.nonNegative("Optimizers.sgd", "weightDecay", weightDecay);
    return new ChainOptimizer("Optimizers.sgd(" + lr + ", " + weightDecay + ")",
        List.of(Transforms.addDecayedWeights(weightDecay), Transforms.scaleByLearningRate(rate)));
  }

  /** Momentum with ρ = 0.9. */
  public static Optimizer momentum(double lr) {
    return momentum(lr, 0.9);
  }

  /** Momentum: Δθ ← ρΔθ − ηg (the rate inside the velocity, as in the course). */
  public static Optimizer momentum(double lr, double rho) {
    return momentum(rate("Optimizers.momentum", lr), rho,
        "Optimizers.momentum(" + lr + ", " + rho + ")");
  }

  /** Momentum with a scheduled rate. */
  public static Optimizer momentum(Schedule lr, double rho) {
    return momentum(lr, rho, "Optimizers.momentum(" + lr + ", " + rho + ")");
  }

  private static Optimizer momentum(Schedule lr, double rho, String call) {
    Checks.decayRate("Optimizers.momentum", "rho", rho);
    return new ChainOptimizer(call,
        List.of(Transforms.scaleByLearningRate(lr), Transforms.trace(rho, false)));
  }

  /** Nesterov accelerated gradient with ρ = 0.9. */
  public static Optimizer nesterov(double lr) {
    return nesterov(lr, 0.9);
  }

  /**
   * Nesterov accelerated gradient (Sutskever form); with this constant rate it equals PyTorch's
   * {@code nesterov=True}.
   */
  public static Optimizer nesterov(double lr, double rho) {
    return nesterov(rate("Optimizers.nesterov", lr), rho,
        "Optimizers.nesterov(" + lr + ", " + rho + ")");
  }

  /**
   * Nesterov with a scheduled rate. η stays inside the velocity (Δθ ← ρΔθ − η_t g, the course's
   * form, as for momentum), so each gradient keeps the rate of its own step; PyTorch's
   * {@code nesterov=True} scales its whole velocity by the current rate, and the two agree only
   * while the rate is constant.
   */
  public static Optimizer nesterov(Schedule lr, double rho) {
    return nesterov(lr, rho, "Optimizers.nesterov(" + lr + ", " + rho + ")");
  }

  private static Optimizer nesterov(Schedule lr, double rho, String call) {
    Checks.decayRate("Optimizers.nesterov", "rho", rho);
    return new ChainOptimizer(call,
        List.of(Transforms.scaleByLearningRate(lr), Transforms.trace(rho, true)));
  }

  /** AdaGrad with η = 0.01, ε = 1e-10. */
  public static Optimizer adagrad() {
    return adagrad(0.01);
  }

  /** AdaGrad with ε = 1e-10. */
  public static Optimizer adagrad(double lr) {
    return adagrad(lr, 1e-10);
  }

  /** AdaGrad: G ← G + g⊙g; θ ← θ − η g/√(G + ε). */
  public static Optimizer adagrad(double lr, double eps) {
    Schedule rate = rate("Optimizers.adagrad", lr);
    Checks.epsilon("Optimizers.adagrad", eps);
    return new ChainOptimizer("Optimizers.adagrad(" + lr + ", " + eps + ")",
        List.of(Transforms.scaleByAdagrad(eps), Transforms.scaleByLearningRate(rate)));
  }

  /** RMSprop with η = 0.001, β = 0.9, ε = 1e-8. */
  public static Optimizer rmsprop() {
    return rmsprop(0.001);
  }

  /** RMSprop with β = 0.9, ε = 1e-8. */
  public static Optimizer rmsprop(double lr) {
    return rmsprop(lr, 0.9, 1e-8);
  }

  /** RMSprop: G ← βG + (1 − β)g⊙g; θ ← θ − η g/√(G + ε). */
  public static Optimizer rmsprop(double lr, double beta, double eps) {
    Schedule rate = rate("Optimizers.rmsprop", lr);
    Checks.decayRate("Optimizers.rmsprop", "beta", beta);
    Checks.epsilon("Optimizers.rmsprop", eps);
    return new ChainOptimizer("Optimizers.rmsprop(" + lr + ", " + beta + ", " + eps + ")",
        List.of(Transforms.scaleByRms(beta, eps), Transforms.scaleByLearningRate(rate)));
  }

  /** AdaDelta with ρ = 0.9, ε = 1e-6, η = 1. */
  public static Optimizer adadelta() {
    return adadelta(0.9, 1e-6, 1.0);
  }

  /** AdaDelta (Zeiler), its step scaled by η (1 in the original). */
  public static Optimizer adadelta(double rho, double eps, double lr) {
    Checks.decayRate("Optimizers.adadelta", "rho", rho);
    Checks.epsilon("Optimizers.adadelta", eps);
    Schedule rate = rate("Optimizers.adadelta", lr);
    return new ChainOptimizer("Optimizers.adadelta(" + rho + ", " + eps + ", " + lr + ")",
        List.of(Transforms.scaleByAdadelta(rho, eps), Transforms.scaleByLearningRate(rate)));
  }

  /** Adam with η = 0.001. */
  public static Optimizer adam() {
    return adam(0.001);
  }

  /** Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8. */
  public static Optimizer adam(double lr) {
    return adam(rate("Optimizers.adam", lr), 0.9, 0.999, 1e-8, "Optimizers.adam(" + lr + ")");
  }

  /** Adam with a scheduled rate. */
  public static Optimizer adam(Schedule lr) {
    return adam(lr, 0.9, 0.999, 1e-8, "Optimizers.adam(" + lr + ")");
  }

  /** Adam: θ ← θ − η M̂/(√Ĝ + ε), bias-corrected moments. */
  public static Optimizer adam(double lr, double beta1, double beta2, double eps) {
    return adam(rate("Optimizers.adam", lr), beta1, beta2, eps,
        "Optimizers.adam(" + lr + ", " + beta1 + ", " + beta2 + ", " + eps + ")");
  }

  private static Optimizer adam(Schedule lr, double b1, double b2, double eps, String call) {
    Transforms.checkMoments("Optimizers.adam", b1, b2, eps);
    return new ChainOptimizer(call,
        List.of(Transforms.scaleByAdam(b1, b2, eps), Transforms.scaleByLearningRate(lr)));
  }

  /** Nadam with η = 0.001. */
  public static Optimizer nadam() {
    return nadam(0.001);
  }

  /** Nadam with β1 = 0.9, β2 = 0.999, ε = 1e-8. */
  public static Optimizer nadam(double lr) {
    return nadam(lr, 0.9, 0.999, 1e-8);
  }

  /** Nadam (Dozat): Adam with Nesterov momentum. */
  public static Optimizer nadam(double lr, double beta1, double beta2, double eps) {
    Schedule rate = rate("Optimizers.nadam", lr);
    Transforms.checkMoments("Optimizers.nadam", beta1, beta2, eps);
    return new ChainOptimizer(
        "Optimizers.nadam(" + lr + ", " + beta1 + ", " + beta2 + ", " + eps + ")",
        List.of(Transforms.scaleByNadam(beta1, beta2, eps), Transforms.scaleByLearningRate(rate)));
  }

  /** AdamW with β1 = 0.9, β2 = 0.999, ε = 1e-8. */
  public static Optimizer adamw(double lr, double weightDecay) {
    return adamw(rate("Optimizers.adamw", lr), weightDecay,
        "Optimizers.adamw(" + lr + ", " + weightDecay + ")");
  }

  /** AdamW with a scheduled rate (the decay follows the schedule too). */
  public static Optimizer adamw(Schedule lr, double weightDecay) {
    return adamw(lr, weightDecay, "Optimizers.adamw(" + lr + ", " + weightDecay + ")");
  }

  private static Optimizer adamw(Schedule lr, double weightDecay, String call) {
    Checks.nonNegative("Optimizers.adamw", "weightDecay", weightDecay);
    return new ChainOptimizer(call, List.of(Transforms.scaleByAdam(0.9, 0.999, 1e-8),
        Transforms.addDecayedWeights(weightDecay), Transforms.scaleByLearningRate(lr)));
  }

  /** A constant rate, checked: finite and ≥ 0. */
  private static Schedule rate(String op, double lr) {
    return Schedules.constant(Checks.nonNegative(op, "lr", lr));
  }
}
