package dev.rewind.core.check.props;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.GradCheck;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One generated gradient-check problem: a described function of several tensors, the float64
 * point to check it at, which inputs are constants (masks, indices), and tolerances. Its
 * {@code toString()} is what jqwik prints for a falsified sample, so it names the op, its
 * arguments and the inputs' shapes and values.
 *
 * <pre>{@code
 * OpCase.of("softmax(axis=" + axis + ")", xs -> xs[0].softmax(axis), x).check();
 * }</pre>
 */
public final class OpCase {
  private final String description;
  private final Function<Tensor[], Tensor> function;
  private final INDArray[] inputs;
  private final int[] constants;
  private final UnaryOperator<GradCheck> tuning;

  private OpCase(String description, Function<Tensor[], Tensor> function, INDArray[] inputs, int[] constants,
      UnaryOperator<GradCheck> tuning) {
    this.description = Objects.requireNonNull(description, "description");
    this.function = Objects.requireNonNull(function, "function");
    this.inputs = inputs.clone();
    this.constants = constants.clone();
    this.tuning = tuning;
  }

  /** A case checking {@code function} at {@code inputs} (float64). */
  public static OpCase of(String description, Function<Tensor[], Tensor> function, INDArray... inputs) {
    return new OpCase(description, function, inputs, new int[0], UnaryOperator.identity());
  }

  /** This case with the given inputs (by position) held constant: not differentiated. */
  public OpCase constant(int... inputIndices) {
    return new OpCase(description, function, inputs, inputIndices, tuning);
  }

  /** This case with extra settings applied to its {@link GradCheck} (tolerances, eps). */
  public OpCase tune(UnaryOperator<GradCheck> settings) {
    UnaryOperator<GradCheck> before = tuning;
    return new OpCase(description, function, inputs, constants, c -> settings.apply(before.apply(c)));
  }

  /** The description given. */
  public String description() {
    return description;
  }

  /** The inputs (the arrays themselves; GradCheck works on copies). */
  public INDArray[] inputs() {
    return inputs.clone();
  }

  /** Gradient-checks the function at the inputs; throws {@link AssertionError} on disagreement. */
  public void check() {
    GradCheck c = GradCheck.ofMany(description, function).at(inputs);
    if (constants.length > 0) {
      c = c.constant(constants);
    }
    tuning.apply(c).check();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("OpCase.of(\"").append(description).append('"');
    for (INDArray x : inputs) {
      sb.append(", ").append(Arrays.toString(x.shape())).append(' ')
          .append(Arrays.toString(x.dup('c').data().asDouble()));
    }
    sb.append(')');
    if (constants.length > 0) {
      sb.append(".constant(").append(Arrays.toString(constants).replaceAll("[\\[\\]]", "")).append(')');
    }
    return sb.toString();
  }
}
