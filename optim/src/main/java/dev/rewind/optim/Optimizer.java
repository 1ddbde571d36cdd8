package dev.rewind.optim;

import dev.rewind.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An update rule that changes parameters in place from their gradients.
 *
 * <pre>{@code
 * Optimizer opt = Optimizers.adam(1e-3);
 * try (Tape tape = Tape.record()) {
 *   Tensor loss = model(params, x, y);
 *   opt.step(params, tape.gradient(loss, params)); // inside: the gradients die with the tape
 * }
 * }</pre>
 *
 * <p>State is explicit and keyed by parameter name ({@code "w/adam.m"}, plus {@code "step"}, the
 * step counter): {@link #state()} and {@link #loadState} let training stop and resume exactly.
 */
public interface Optimizer {

  /**
   * One update of every parameter in {@code params} from the gradient under the same name in
   * {@code grads} (same key set, shapes and dtypes). Parameters change in place through
   * {@link Tensor#mutate}, outside recording; the gradients are only read, during the call.
   * Everything is checked before anything changes.
   */
  void step(Map<String, Tensor> params, Map<String, Tensor> grads);

  /** {@link #step(Map, Map)} for parameters named by their index ("0", "1", …). */
  default void step(List<Tensor> params, List<Tensor> grads) {
    if (params.size() != grads.size()) {
      throw new IllegalArgumentException("step: " + params.size() + " parameters but "
          + grads.size() + " gradients; pass one gradient per parameter, in the same order");
    }
    step(byIndex(params), byIndex(grads));
  }

  /** The number of steps taken so far (the step index of the next update). */
  long stepCount();

  /**
   * A copy of the state: per-parameter arrays under {@code "param/transform.slot"} and the step
   * counter under {@code "step"} (an INT64 scalar).
   */
  Map<String, INDArray> state();

  /**
   * Replaces the state with a copy of {@code state} (as returned by {@link #state()}). Throws
   * IllegalArgumentException naming the entry when one is missing, unknown or mis-shaped; entries
   * are checked against the parameters' shapes and dtypes at the next step.
   */
  void loadState(Map<String, INDArray> state);

  private static Map<String, Tensor> byIndex(List<Tensor> ts) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (int i = 0; i < ts.size(); i++) {
      m.put(Integer.toString(i), ts.get(i));
    }
    return m;
  }
}
