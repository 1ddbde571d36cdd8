package dev.rewind.core.check.props;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares which primitives (by {@link dev.rewind.core.Primitive#name()}) a property class
 * covers, so that a coverage test can fail when a primitive in a table has no property test.
 *
 * <pre>{@code
 * @Covers("tanh")
 * class TanhVjpProperties implements UnaryOpContract { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Covers {
  /** The primitive names covered. */
  String[] value();
}
