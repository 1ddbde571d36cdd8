package dev.rewind.core.check.props;

import dev.rewind.core.check.GradCheck;

/**
 * What every op contract of the kit shares: how its cases are named in reports and how their
 * gradient checks are tuned. The contracts ({@link UnaryOpContract}, {@link BinaryOpContract},
 * {@link AxisOpContract}, {@link ReductionContract}) extend it, so a test class implementing two
 * of them inherits one default of each, not two that clash.
 */
public interface OpContract {

  /** Adjusts the check (tolerances, eps); unchanged unless overridden. */
  default GradCheck tune(GradCheck check) {
    return check;
  }

  /** A readable name for reports; the class name unless overridden. */
  default String opName() {
    return getClass().getSimpleName();
  }
}
