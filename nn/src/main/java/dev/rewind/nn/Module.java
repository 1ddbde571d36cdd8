package dev.rewind.nn;

import dev.rewind.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable function with named state: parameters (leaf tensors that require gradients),
 * buffers (state that is not trained, such as running statistics) and child modules.
 *
 * <p>A custom layer is a plain subclass: register parameters, buffers and children in the
 * constructor and compose Tensor ops in {@link #apply(Tensor)}.
 *
 * <pre>{@code
 * final class Affine extends Module {
 *   private final Tensor scale = registerParameter("scale", Nd4j.ones(DataType.FLOAT, 1, 4));
 *   public Tensor apply(Tensor x) { return x.mul(scale); }
 * }
 * }</pre>
 *
 * <p>Names are stable and hierarchical, as in PyTorch: a module's own parameters first (in
 * registration order), then each child's, prefixed with the child's name ({@code "layers.0.weight"}).
 * Optimizer state and checkpoints are keyed by these names.
 */
public abstract class Module {
  private final Map<String, Tensor> params = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /** The forward pass: batch on axis 0. */
  public abstract Tensor apply(Tensor x);

  // ---------------------------------------------------------------- registration

  /** Registers {@code value} (not copied) as a trainable parameter; returns its leaf tensor. */
  protected final Tensor registerParameter(String name, INDArray value) {
    return registerParameter(name, Tensor.variable(Objects.requireNonNull(value, name)));
  }

  /** Registers an existing leaf tensor that requires gradients (it may be shared with another module). */
  protected final Tensor registerParameter(String name, Tensor parameter) {
    checkName(name);
    if (!parameter.requiresGrad() || !"leaf".equals(parameter.producer())) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name
          + "' must be a leaf that requires gradients; make it with Tensor.variable(array)");
    }
    if (!parameter.dtype().isFPType()) {
      // Refused here, naming the layer: an INT or BOOL weight failed only at the first op, in a
      // message about a scalar op, and no optimizer could update it.
      throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name + "' is "
          + parameter.dtype() + "; trained parameters need a floating type (FLOAT, DOUBLE, HALF or"
          + " BFLOAT16): pass one to the layer's constructor");
    }
    params.put(name, parameter);
    return parameter;
  }

  /** Registers {@code value} (not copied) as a buffer: saved in {@link #state()}, never trained. */
  protected final Tensor registerBuffer(String name, INDArray value) {
    checkName(name);
    Tensor t = Tensor.of(Objects.requireNonNull(value, name));
    buffers.put(name, t);
    return t;
  }

  /** Registers a child module; its parameters and buffers are named {@code name + "." + theirs}. */
  protected final <M extends Module> M registerModule(String name, M child) {
    checkName(name);
    if (child == this) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": a module cannot be its own child");
    }
    children.put(name, Objects.requireNonNull(child, name));
    return child;
  }

  private void checkName(String name) {
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name
          + "' must be non-empty and contain no '.' (dots separate nesting levels)");
    }
    if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already registered");
    }
  }

  // ---------------------------------------------------------------- access

  /**
   * Every parameter of this module and its descendants, by hierarchical name (unmodifiable). A
   * tensor reachable under several names (tied weights, or one child registered twice) is listed
   * once, under the first name, as PyTorch's {@code named_parameters()} does: an optimizer must
   * update it once per step, not once per name.
   */
  public final Map<String, Tensor> parameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect("", out, true, Collections.newSetFromMap(new IdentityHashMap<>()));
    return Collections.unmodifiableMap(out);
  }

  /** Every buffer of this module and its descendants, by hierarchical name, each tensor once (unmodifiable). */
  public final Map<String, Tensor> buffers() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect("", out, false, Collections.newSetFromMap(new IdentityHashMap<>()));
    return Collections.unmodifiableMap(out);
  }

  /** The direct children, by name (unmodifiable). */
  public final Map<String, Module> children() {
    return Collections.unmodifiableMap(children);
  }

  private void collect(String prefix, Map<String, Tensor> out, boolean parameters, Set<Tensor> seen) {
    for (Map.Entry<String, Tensor> e : (parameters ? params : buffers).entrySet()) {
      if (seen.add(e.getValue())) {
        out.put(prefix + e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, Module> c : children.entrySet()) {
      c.getValue().collect(prefix + c.getKey() + ".", out, parameters, seen);
    }
  }

  // ---------------------------------------------------------------- state

  /**
   * A copy of every parameter and buffer, by name: each module's parameters then its buffers,
   * then its children's. The arrays are copies, so the snapshot does not change as training goes on.
   */
  public final Map<String, INDArray> state() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    stateInto("", out);
    return out;
  }

  private void stateInto(String prefix, Map<String, INDArray> out) {
    params.forEach((k, v) -> out.put(prefix + k, v.value().dup()));
    buffers.forEach((k, v) -> out.put(prefix + k, v.value().dup()));
    children.forEach((k, c) -> c.stateInto(prefix + k + ".", out));
  }

  private Map<String, Tensor> liveState() {
    Map<String, Tensor> live = new LinkedHashMap<>();
    liveInto("", live);
    return live;
  }

  private void liveInto(String prefix, Map<String, Tensor> out) {
    params.forEach((k, v) -> out.put(prefix + k, v));
    buffers.forEach((k, v) -> out.put(prefix + k, v));
    children.forEach((k, c) -> c.liveInto(prefix + k + ".", out));
  }

  /**
   * Copies {@code state}'s values into this module's parameters and buffers in place (the tensors
   * stay the same objects, so optimizers holding them keep working). Everything is checked before
   * anything is copied: a missing, extra, mis-shaped or differently typed entry throws
   * {@link IllegalArgumentException} listing all of them, and the module is left unchanged.
   */
  public final void loadState(Map<String, INDArray> state) {
    Objects.requireNonNull(state, "state");
    Map<String, Tensor> live = liveState();
    List<String> problems = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String k : live.keySet()) {
      if (!state.containsKey(k)) {
        missing.add(k);
      }
    }
    if (!missing.isEmpty()) {
      problems.add("missing " + missing);
    }
    List<String> extra = new ArrayList<>();
    for (String k : state.keySet()) {
      if (!live.containsKey(k)) {
        extra.add(k);
      }
    }
    if (!extra.isEmpty()) {
      problems.add("unexpected " + extra);
    }
    for (Map.Entry<String, Tensor> e : live.entrySet()) {
      INDArray src = state.get(e.getKey());
      if (src == null) {
        if (state.containsKey(e.getKey())) {
          problems.add("'" + e.getKey() + "' is null");
        }
        continue;
      }
      if (src.wasClosed()) {
        problems.add("'" + e.getKey() + "' was closed (its memory is freed)");
        continue;
      }
      INDArray dst = e.getValue().value();
      if (!Arrays.equals(src.shape(), dst.shape())) {
        problems.add("'" + e.getKey() + "' has shape " + Arrays.toString(src.shape()) + ", expected "
            + Arrays.toString(dst.shape()));
      } else if (src.dataType() != dst.dataType()) {
        problems.add("'" + e.getKey() + "' is " + src.dataType() + ", expected " + dst.dataType()
            + " (cast it first: Rewind never casts silently)");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: state does not match this "
          + "module (nothing was loaded): " + String.join("; ", problems) + ". Expected keys: " + live.keySet());
    }
    live.forEach((k, t) -> t.assign(state.get(k)));
  }

  // ---------------------------------------------------------------- mode

  /**
   * Switches this module and its descendants to training mode (dropout on, batch statistics) by
   * calling each child's {@code train()}, as PyTorch does: a module that overrides it (to keep a
   * frozen batch norm in evaluation mode, say) is obeyed when its parent switches too. A child
   * keeps its own mode when registered.
   */
  public Module train() {
    training = true;
    children.values().forEach(Module::train);
    return this;
  }

  /** Switches this module and its descendants to evaluation mode (dropout off, running statistics), through each child's {@code eval()}. */
  public Module eval() {
    training = false;
    children.values().forEach(Module::eval);
    return this;
  }

  /** Whether this module is in training mode (the default). */
  public final boolean isTraining() {
    return training;
  }

  // ---------------------------------------------------------------- printing

  /**
   * The arguments shown between the parentheses of this module's line in {@link #toString()},
   * for example {@code "784, 256"} for a Linear layer. Empty by default.
   */
  protected String describe() {
    return "";
  }

  /**
   * A tree like PyTorch's: {@code Name(args)} for a leaf, and for a container its children one
   * per line, indented, each with its name: {@code (0): Linear(784, 256)}.
   */
  @Override
  public String toString() {
    String head = getClass().getSimpleName() + "(" + describe();
    if (children.isEmpty()) {
      return head + ")";
    }
    StringBuilder sb = new StringBuilder(head).append(describe().isEmpty() ? "" : ",").append("\n");
    for (Map.Entry<String, Module> c : children.entrySet()) {
      String child = c.getValue().toString().replace("\n", "\n  ");
      sb.append("  (").append(c.getKey()).append("): ").append(child).append("\n");
    }
    return sb.append(")").toString();
  }
}
