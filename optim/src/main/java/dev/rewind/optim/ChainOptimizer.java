package dev.rewind.optim;

import dev.rewind.core.InPlace;
import dev.rewind.core.NoGrad;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** An optimizer that runs a chain of {@link Transform}s and adds the result to each parameter. */
final class ChainOptimizer implements Optimizer {
  static final String STEP = "step";

  private final String call;
  private final List<Transform> chain;
  /** For each transform, its state keys' suffixes ("adam.m"), in slot order. */
  private final List<List<String>> suffixes = new ArrayList<>();
  private final List<String> allSuffixes = new ArrayList<>();
  /** Per parameter name, the slot arrays of all transforms, in chain-then-slot order. */
  private final Map<String, INDArray[]> state = new LinkedHashMap<>();
  private long step;

  ChainOptimizer(String call, List<Transform> chain) {
    this.call = call;
    this.chain = List.copyOf(chain);
    Set<String> names = new HashSet<>();
    for (Transform t : this.chain) {
      List<String> s = new ArrayList<>();
      for (String slot : t.slots()) {
        s.add(t.name() + "." + slot);
      }
      if (!s.isEmpty() && !names.add(t.name())) {
        throw new IllegalArgumentException("Optimizers.chain: two stateful transforms are named '"
            + t.name() + "'; their state keys would collide — give each a distinct name()");
      }
      suffixes.add(s);
      allSuffixes.addAll(s);
    }
  }

  @Override
  public void step(Map<String, Tensor> params, Map<String, Tensor> grads) {
    if (!params.keySet().equals(grads.keySet())) {
      Set<String> noGrad = new TreeSet<>(params.keySet());
      noGrad.removeAll(grads.keySet());
      Set<String> noParam = new TreeSet<>(grads.keySet());
      noParam.removeAll(params.keySet());
      throw new IllegalArgumentException(this + ".step: parameter and gradient names differ"
          + " (parameters without a gradient: " + noGrad + ", gradients without a parameter: "
          + noParam + "); pass the map tape.gradient(loss, params) returned");
    }
    // One tensor under two names would be updated twice in one step (a map merged from two
    // modules that share a weight): refused, as PyTorch refuses a parameter in two groups.
    Map<Tensor, String> seen = new IdentityHashMap<>();
    for (Map.Entry<String, Tensor> e : params.entrySet()) {
      String other = seen.putIfAbsent(e.getValue(), e.getKey());
      if (other != null) {
        throw new IllegalArgumentException(this + ".step: '" + other + "' and '" + e.getKey()
            + "' are the same tensor, so it would be updated twice; pass it once (Module.parameters()"
            + " lists a shared tensor once)");
      }
    }
    // Check everything first, so that a bad entry leaves every parameter and the state untouched:
    // new state is kept aside in `fresh` until every check has passed.
    List<INDArray[]> slots = new ArrayList<>();
    Map<String, INDArray[]> fresh = new LinkedHashMap<>();
    try {
      check(params, grads, slots, fresh);
    } catch (RuntimeException e) {
      fresh.values().forEach(st -> Arrays.stream(st).forEach(INDArray::close)); // never used
      throw e;
    }
    state.putAll(fresh);
    // a chain of the learning rate alone is plain SGD: one rate for the step, one pass per parameter
    boolean plainSgd = chain.size() == 1 && chain.get(0) instanceof Transforms.LearningRate;
    double eta = plainSgd ? ((Transforms.LearningRate) chain.get(0)).rate(step) : Double.NaN;
    try (NoGrad ng = Tape.noGrad()) {
      int i = 0;
      for (Map.Entry<String, Tensor> e : params.entrySet()) {
        Tensor param = e.getValue();
        INDArray[] st = slots.get(i++);
        if (param.value().isEmpty()) {
          continue; // nothing to update (and ND4J refuses arithmetic on empty arrays)
        }
        if (plainSgd) {
          // θ ← θ − η·g in one pass, as PyTorch's p.add_(g, alpha=-lr)
          INDArray g = grads.get(e.getKey()).value();
          param.mutate(v -> InPlace.axpy(v, -eta, g));
          continue;
        }
        INDArray u = grads.get(e.getKey()).value().dup('c');
        INDArray p = param.value();
        int offset = 0;
        for (int k = 0; k < chain.size(); k++) {
          int n = suffixes.get(k).size();
          chain.get(k).apply(u, p, Arrays.copyOfRange(st, offset, offset + n), step);
          offset += n;
        }
        param.mutate(v -> InPlace.add(v, u));
        InPlace.free(u);
      }
    }
    step++;
  }

  /**
   * Checks every parameter, gradient and transform for this step, collecting each parameter's
   * slot arrays in {@code slots} and those created now in {@code fresh}; changes nothing else.
   */
  private void check(Map<String, Tensor> params, Map<String, Tensor> grads, List<INDArray[]> slots,
      Map<String, INDArray[]> fresh) {
    for (Map.Entry<String, Tensor> e : params.entrySet()) {
      String name = e.getKey();
      INDArray p = e.getValue().value();
      INDArray g = grads.get(name).value();
      if (!Arrays.equals(p.shape(), g.shape()) || p.dataType() != g.dataType()) {
        throw new IllegalArgumentException(this + ".step: gradient of '" + name + "' is "
            + describe(g) + " but the parameter is " + describe(p)
            + "; gradients must match their parameters' shapes and dtypes");
      }
      DataType dt = p.dataType();
      if (dt != DataType.FLOAT && dt != DataType.DOUBLE) {
        throw new IllegalArgumentException(this + ".step: parameter '" + name + "' is "
            + describe(p) + "; only float32 and float64 parameters can be optimized");
      }
      slots.add(slotsFor(name, p, fresh));
    }
    for (Transform t : chain) {
      t.check(step);
    }
  }

  /**
   * The slot arrays for a parameter: existing (checked), or zeros at step 0, put in {@code fresh}
   * (not yet in the state).
   */
  private INDArray[] slotsFor(String name, INDArray p, Map<String, INDArray[]> fresh) {
    INDArray[] st = state.get(name);
    if (st == null) {
      if (step > 0 && !allSuffixes.isEmpty()) {
        throw new IllegalArgumentException(this + ".step: no state for parameter '" + name
            + "' at step " + step + " (state holds " + state.keySet() + "); a parameter cannot"
            + " join after the first step — load a state saved over the same parameters");
      }
      st = new INDArray[allSuffixes.size()];
      for (int i = 0; i < st.length; i++) {
        st[i] = Nd4j.zeros(p.dataType(), p.shape());
      }
      fresh.put(name, st);
      return st;
    }
    for (int i = 0; i < st.length; i++) {
      if (!Arrays.equals(st[i].shape(), p.shape()) || st[i].dataType() != p.dataType()) {
        throw new IllegalArgumentException(this + ".step: state '" + name + "/"
            + allSuffixes.get(i) + "' is " + describe(st[i]) + " but the parameter is "
            + describe(p) + "; the state was saved for different parameters");
      }
    }
    return st;
  }

  @Override
  public long stepCount() {
    return step;
  }

  @Override
  public Map<String, INDArray> state() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    out.put(STEP, Nd4j.scalar(step));
    for (Map.Entry<String, INDArray[]> e : state.entrySet()) {
      for (int i = 0; i < allSuffixes.size(); i++) {
        out.put(e.getKey() + "/" + allSuffixes.get(i), e.getValue()[i].dup());
      }
    }
    return out;
  }

  @Override
  public void loadState(Map<String, INDArray> saved) {
    INDArray s = saved.get(STEP);
    if (s == null || s.length() != 1 || s.dataType().isFPType() || s.getLong(0) < 0) {
      throw new IllegalArgumentException(this + ".loadState: entry '" + STEP + "' is "
          + (s == null ? "missing" : describe(s)) + "; expected the integer step counter that"
          + " state() saves");
    }
    Map<String, INDArray[]> loaded = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : saved.entrySet()) {
      String key = e.getKey();
      if (key.equals(STEP)) {
        continue;
      }
      int slash = key.lastIndexOf('/');
      int slot = slash < 0 ? -1 : allSuffixes.indexOf(key.substring(slash + 1));
      if (slot < 0) {
        throw new IllegalArgumentException(this + ".loadState: unknown entry '" + key
            + "'; this optimizer keeps " + allSuffixes + " per parameter, as 'param/slot'");
      }
      loaded.computeIfAbsent(key.substring(0, slash), k -> new INDArray[allSuffixes.size()])[slot] =
          e.getValue();
    }
    for (Map.Entry<String, INDArray[]> e : loaded.entrySet()) {
      INDArray[] st = e.getValue();
      for (int i = 0; i < st.length; i++) {
        if (st[i] == null) {
          throw new IllegalArgumentException(this + ".loadState: entry '" + e.getKey() + "/"
              + allSuffixes.get(i) + "' is missing; save and load the whole state()");
        }
        if (!Arrays.equals(st[i].shape(), st[0].shape()) || st[i].dataType() != st[0].dataType()) {
          throw new IllegalArgumentException(this + ".loadState: entry '" + e.getKey() + "/"
              + allSuffixes.get(i) + "' is " + describe(st[i]) + " but '" + e.getKey() + "/"
              + allSuffixes.get(0) + "' is " + describe(st[0])
              + "; a parameter's state arrays share its shape and dtype");
        }
      }
    }
    state.clear();
    for (Map.Entry<String, INDArray[]> e : loaded.entrySet()) {
      INDArray[] copy = new INDArray[e.getValue().length];
      for (int i = 0; i < copy.length; i++) {
        copy[i] = e.getValue()[i].dup('c');
      }
      state.put(e.getKey(), copy);
    }
    step = s.getLong(0);
  }

  private static String describe(INDArray a) {
    return Arrays.toString(a.shape()) + " " + a.dataType();
  }

  @Override
  public String toString() {
    return call;
  }
}
