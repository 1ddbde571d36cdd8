package dev.rewind.nn;

import dev.rewind.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Modules applied in order; the i-th is named {@code "i"}, so its weight is {@code "i.weight"}. */
public final class Sequential extends Module {
  private final List<Module> modules = new ArrayList<>();

  private Sequential(List<Module> modules) {
    for (Module m : modules) {
      this.modules.add(registerModule(String.valueOf(this.modules.size()), m));
    }
  }

  /** The modules, applied first to last. */
  public static Sequential of(Module... modules) {
    return new Sequential(List.of(modules));
  }

  /** The modules, applied first to last. */
  public static Sequential of(List<? extends Module> modules) {
    return new Sequential(List.copyOf(modules));
  }

  @Override
  public Tensor apply(Tensor x) {
    Tensor y = x;
    for (Module m : modules) {
      y = m.apply(y);
    }
    return y;
  }

  /** The i-th module. */
  public Module get(int i) {
    return modules.get(i);
  }

  /** The number of modules. */
  public int size() {
    return modules.size();
  }
}
