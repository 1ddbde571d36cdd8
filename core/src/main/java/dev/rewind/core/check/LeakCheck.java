package dev.rewind.core.check;

import dev.rewind.core.RewindRuntime;
import java.util.Objects;

/**
 * Checks that a training step frees what it allocates natively, instead of leaving it to the
 * garbage collector: for custom layers, ops and optimizers, next to their gradient checks.
 *
 * <p>Why it matters: ND4J frees an array's off-heap memory when it is closed or when the
 * collector reclaims its Java object. A step that leaves a few arrays or op contexts to the
 * collector looks fine in a short test, but under a large fixed heap their Java objects are
 * promoted and wait for an old-generation collection that may not come for thousands of steps,
 * and resident memory grows meanwhile. Rewind releases tape tensors when the tape closes and
 * frees its own temporaries at once; ND4J calls made directly ({@code x.mul(2.0)},
 * {@code x.addi(y)}, {@code Nd4j.concat}) each leave an operand, a result or a native op context
 * behind. Go through {@link dev.rewind.core.Executor} or {@link dev.rewind.core.InPlace}
 * instead.
 *
 * <p>The count is ND4J's registry of objects awaiting collection: a collection during the
 * measured steps can only lower it, so it may hide a leak but never report one that is not there.
 * A negative result means a collection freed older objects meanwhile: assert {@code <= 0.1}, not
 * equality.
 *
 * <pre>{@code
 * double left = LeakCheck.perStep(() -> {
 *   try (Tape tape = Tape.record()) {
 *     Tensor loss = model.apply(x).sub(y).square().mean();
 *     optimizer.step(params, tape.gradient(loss, params));
 *   }
 * });
 * assertTrue(left <= 0.1, left + " native objects left per step");
 * }</pre>
 */
public final class LeakCheck {
  private LeakCheck() {}

  /**
   * The native objects one run of {@code step} leaves for the garbage collector, averaged over
   * 40 runs after 2 warm-up runs (which create lasting state: optimizer moments, plans).
   *
   * @throws IllegalStateException if ND4J's registry cannot be read
   */
  public static double perStep(Runnable step) {
    return perStep(step, 40);
  }

  /** As {@link #perStep(Runnable)}, averaged over {@code steps} runs (at least 1). */
  public static double perStep(Runnable step, int steps) {
    Objects.requireNonNull(step, "step");
    if (steps < 1) {
      throw new IllegalArgumentException("LeakCheck.perStep: steps is " + steps + "; give 1 or more");
    }
    step.run();
    step.run();
    int before = count();
    for (int i = 0; i < steps; i++) {
      step.run();
    }
    return (count() - before) / (double) steps;
  }

  private static int count() {
    int n = RewindRuntime.nativeObjectsAwaitingCollection();
    if (n < 0) {
      throw new IllegalStateException("LeakCheck: ND4J's deallocator registry cannot be read"
          + " (a backend or ND4J version other than the CPU backend of 1.0.0-M2.1?)");
    }
    return n;
  }
}
