package dev.rewind.nn.regularizers;

import dev.rewind.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * L1 and L2 penalties.
 * <ul>
 *   <li>{@link #l1}: {@code λ·Σ|w|}, gradient {@code λ·sign(w)} (0 at w = 0);
 *   <li>{@link #l2}: {@code λ·Σw²} — no ½, so its gradient is {@code 2λw}. An SGD weight decay of
 *       {@code d} (w ← w − η·d·w) is {@code l2(d/2)}.
 * </ul>
 * The sums run over every element of every chosen parameter. Decoupled weight decay (AdamW) is
 * not a penalty and lives in the optimizers.
 *
 * <pre>{@code
 * Tensor loss = Losses.softmaxCrossEntropy().apply(model.apply(x), y)
 *     .add(Regularizers.l2(1e-4).penalty(Regularizers.select(model.parameters(), n -> n.endsWith("weight"))));
 * }</pre>
 */
public final class Regularizers {
  private Regularizers() {}

  /** {@code λ·Σ|w|} over the chosen parameters. */
  public static Regularizer l1(double lambda) {
    return new Penalty("Regularizers.l1(" + lambda + ")", checked("l1", lambda), Tensor::abs);
  }

  /** {@code λ·Σw²} over the chosen parameters (no ½: the gradient is {@code 2λw}). */
  public static Regularizer l2(double lambda) {
    return new Penalty("Regularizers.l2(" + lambda + ")", checked("l2", lambda), Tensor::square);
  }

  /**
   * The parameters whose names pass {@code names}, in their order; for example only weights,
   * {@code n -> n.endsWith("weight")}, since biases and normalization gains are usually not penalized.
   */
  public static Map<String, Tensor> select(Map<String, Tensor> parameters, Predicate<String> names) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    parameters.forEach((k, v) -> {
      if (names.test(k)) {
        out.put(k, v);
      }
    });
    return Collections.unmodifiableMap(out);
  }

  private static double checked(String what, double lambda) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("Regularizers." + what + ": λ is " + lambda + "; it must be finite and ≥ 0");
    }
    return lambda;
  }

  /** λ·Σ over parameters of Σ over elements of {@code term(w)}. */
  private static final class Penalty implements Regularizer {
    private final String call;
    private final double lambda;
    private final UnaryOperator<Tensor> term;

    Penalty(String call, double lambda, UnaryOperator<Tensor> term) {
      this.call = call;
      this.lambda = lambda;
      this.term = term;
    }

    @Override
    public Tensor penalty(Map<String, Tensor> parameters) {
      if (parameters.isEmpty()) {
        throw new IllegalArgumentException(call + ": no parameters to penalize (the map is empty; "
            + "check the names passed to Regularizers.select)");
      }
      Tensor total = null;
      for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
        Tensor w = e.getValue();
        if (total != null && w.dtype() != total.dtype()) {
          throw new IllegalArgumentException(call + ": parameter '" + e.getKey() + "' is " + w.dtype()
              + " but earlier ones are " + total.dtype() + "; penalize each type separately");
        }
        Tensor s = term.apply(w).sum();
        total = total == null ? s : total.add(s);
      }
      return total.mul(lambda);
    }

    @Override
    public String toString() {
      return call;
    }
  }
}
