package dev.rewind.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One stage of an update rule, in the style of Optax: it rewrites the update {@code u} of one
 * parameter in place. In a chain, {@code u} starts as the gradient g, each transform maps it on,
 * and the parameter finally becomes θ + u (so the learning-rate transform supplies the minus sign).
 *
 * <p>A transform may keep state per parameter in named slots, arrays shaped and typed like the
 * parameter, zero at step 0; the optimizer stores them under {@code "param/name.slot"}.
 */
public interface Transform {

  /** A short name used in state keys ({@code "adam"}); unique among a chain's stateful transforms. */
  String name();

  /** The names of this transform's per-parameter state slots (empty for a stateless one). */
  List<String> slots();

  /**
   * Rewrites {@code u} in place.
   *
   * @param u the update so far (starts as the gradient), same shape and dtype as {@code param}
   * @param param the parameter's current value (read only)
   * @param state this transform's slot arrays in the order of {@link #slots()}, updated in place
   * @param step the step index t, counted from 0
   */
  void apply(INDArray u, INDArray param, INDArray[] state, long step);

  /**
   * Throws, naming the problem, when this transform cannot run at {@code step} (a scheduled rate
   * that is not finite there). An optimizer calls it before it changes any parameter or state, so
   * that a rejected step leaves everything as it was. The default accepts every step.
   */
  default void check(long step) {}
}
