package dev.rewind.optim.schedule;

/**
 * A learning-rate schedule: the value η_t at step t, where steps count from t = 0 (the first
 * optimizer step uses {@code at(0)}). Schedules are plain functions, so a lambda is one; those
 * from {@link Schedules} also print as the call that built them.
 */
@FunctionalInterface
public interface Schedule {

  /** The value at step {@code step} (≥ 0). */
  double at(long step);
}
