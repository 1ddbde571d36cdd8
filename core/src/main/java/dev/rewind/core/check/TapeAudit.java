package dev.rewind.core.check;

import dev.rewind.core.Anomaly;
import dev.rewind.core.RecordedOp;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Re-checks every op recorded by a function, one at a time, at the inputs it actually saw, and
 * names the first whose VJP disagrees with central differences: its op name, input shapes and
 * the line of user code that recorded it. {@link GradCheck} runs it when a check of a composite
 * function fails, so the report points at the culprit instead of at the whole model.
 *
 * <p>Creation sites are captured only while the audit re-runs the function (never on the fast
 * path).
 */
public final class TapeAudit {
  private final String name;
  private final Function<Tensor[], Tensor> fn;
  private INDArray[] inputs = new INDArray[0];
  private double atol = 1e-5;
  private double rtol = 1e-3;
  private double eps = 1e-6;
  private final Set<Integer> constants = new HashSet<>();
  private boolean secondOrder;

  private TapeAudit(String name, Function<Tensor[], Tensor> fn) {
    this.name = name;
    this.fn = fn;
  }

  /** An audit of a named function of several tensors. */
  public static TapeAudit of(String name, Function<Tensor[], Tensor> fn) {
    return new TapeAudit(name, fn);
  }

  /** The inputs to run the function at (float64). */
  public TapeAudit at(INDArray... values) {
    this.inputs = values.clone();
    return this;
  }

  /** Tolerances, as in {@link GradCheck#tolerances}. */
  public TapeAudit tolerances(double atol, double rtol) {
    this.atol = atol;
    this.rtol = rtol;
    return this;
  }

  /** The finite-difference step. */
  public TapeAudit eps(double eps) {
    this.eps = eps;
    return this;
  }

  /**
   * Also checks each op's second derivatives (as {@link GradCheck#secondOrder()}): for a
   * failure of a second-order check, the op whose VJP is right but not differentiable (one that
   * closes over a raw array, say).
   */
  public TapeAudit secondOrder() {
    this.secondOrder = true;
    return this;
  }

  /** Inputs passed as constants. */
  public TapeAudit constant(Set<Integer> inputIndices) {
    constants.addAll(inputIndices);
    return this;
  }

  /** The first op whose VJP fails its check, with the failure; empty when all pass. */
  public Optional<Finding> firstDisagreement() {
    GradCheck.requireConstantPositions("TapeAudit", name, constants, inputs.length);
    try (Anomaly sites = Anomaly.captureSites(); Tape tape = Tape.persistent()) {
      Tensor[] xs = new Tensor[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        INDArray copy = inputs[i].dup('c');
        xs[i] = constants.contains(i) ? Tensor.of(copy) : Tensor.variable(copy);
      }
      Tensor y = fn.apply(xs);
      List<RecordedOp> ops = RecordedOp.history(y);
      for (int k = 0; k < ops.size(); k++) {
        RecordedOp op = ops.get(k);
        if (op.output().dtype() != DataType.DOUBLE) {
          continue; // an op computing in another type (a cast to float32) cannot be checked alone
        }
        List<Tensor> in = op.inputs();
        INDArray[] vals = new INDArray[in.size()];
        List<Integer> consts = new ArrayList<>();
        for (int i = 0; i < vals.length; i++) {
          INDArray v = in.get(i).value();
          vals[i] = v.dataType().isFPType() ? v.castTo(DataType.DOUBLE).dup('c') : v.dup('c');
          if (!in.get(i).requiresGrad()) {
            consts.add(i);
          }
        }
        try {
          GradCheck c = GradCheck.ofMany(op.primitive().name(), zs -> Tensor.call(op.primitive(), zs))
              .at(vals)
              .constant(consts.stream().mapToInt(Integer::intValue).toArray())
              .tolerances(atol, rtol)
              .eps(eps)
              .withoutAudit();
          (secondOrder ? c.secondOrder() : c).check();
        } catch (AssertionError e) {
          return Optional.of(new Finding(k, ops.size(), op.toString(), e.getMessage()));
        }
      }
      return Optional.empty();
    }
  }

  /** A one-paragraph report for an assertion message. */
  public String report() {
    try {
      return firstDisagreement()
          .map(f -> "tape audit of '" + name + "': op " + (f.index() + 1) + " of " + f.total()
              + " disagrees: " + f.op() + "\n  " + f.failure())
          .orElse("tape audit of '" + name + "': every recorded op's VJP passes on its own; "
              + "look at how the ops are combined (a constant that should be a variable, a detach)");
    } catch (RuntimeException e) {
      return "tape audit of '" + name + "' could not run: " + e;
    }
  }

  /** The first op that disagreed: its position in the recorded order, its description, the check's message. */
  public record Finding(int index, int total, String op, String failure) {}
}
