package dev.rewind.nn.losses;

import dev.rewind.core.Tensor;
import java.util.Objects;
import java.util.function.BiFunction;

/** A loss defined by its unreduced items and a reduction. */
final class StandardLoss implements Loss {
  private final String call;
  private final BiFunction<Tensor, Tensor, Tensor> items;
  private final Reduction reduction;
  private final Reduction defaultReduction;

  StandardLoss(String call, Reduction defaultReduction, BiFunction<Tensor, Tensor, Tensor> items) {
    this(call, defaultReduction, defaultReduction, items);
  }

  private StandardLoss(String call, Reduction reduction, Reduction defaultReduction,
      BiFunction<Tensor, Tensor, Tensor> items) {
    this.call = call;
    this.items = items;
    this.reduction = reduction;
    this.defaultReduction = defaultReduction;
  }

  @Override
  public Tensor apply(Tensor output, Tensor target) {
    Objects.requireNonNull(output, call + ": output is null");
    Objects.requireNonNull(target, call + ": target is null");
    return reduction.reduce(items.apply(output, target));
  }

  @Override
  public Loss withReduction(Reduction r) {
    return new StandardLoss(call, Objects.requireNonNull(r, "reduction"), defaultReduction, items);
  }

  @Override
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return call + (reduction == defaultReduction ? "" : ".withReduction(Reduction." + reduction + ")");
  }
}
