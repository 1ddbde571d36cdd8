package dev.rewind.core;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The state an op factory (a lambda given to {@link Executor#unary}) captured, so that step
 * replay can tell whether the op it built last step is the op it would build now.
 *
 * <p>A replay reuses the op object of the previous step. For a lambda that captured a value, say
 * {@code (a, z) -> new ScalarMultiplication(a, null, z, c)} with {@code c} a primitive's field,
 * comparing the lambda's class is not enough: the next step's {@code c} may differ, and reusing
 * the op would compute with last step's {@code c}. So the captured fields are read by
 * reflection (one {@code Field[]} per class, cached) and compared. That is only sound for
 * immutable values: primitives, boxed numbers, strings, enums. A factory that captured an
 * object (the primitive itself, {@code this}), or whose fields cannot be made readable (a class
 * of a named module that does not open its package), gets no {@code Captures}: it is run without
 * replay every time.
 */
final class Captures {
  private static final Captures UNREADABLE = new Captures(null);
  private static final Captures NONE = new Captures(new Field[0]);
  private static final ClassValue<Captures> BY_CLASS = new ClassValue<>() {
    @Override
    protected Captures computeValue(Class<?> type) {
      return analyse(type);
    }
  };

  /** The captured instance fields, readable; empty for a factory that captured nothing. */
  private final Field[] fields;

  private Captures(Field[] fields) {
    this.fields = fields;
  }

  /** How to compare what a factory of this class captured, or null if it cannot be compared. */
  static Captures of(Class<?> factoryClass) {
    Captures c = BY_CLASS.get(factoryClass);
    return c == UNREADABLE ? null : c;
  }

  /** Whether the factory captured nothing (nothing to compare). */
  boolean none() {
    return fields.length == 0;
  }

  private static Captures analyse(Class<?> type) {
    List<Field> out = new ArrayList<>();
    try {
      for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
        for (Field f : k.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers())) {
            continue;
          }
          if (!immutableValue(f.getType())) {
            return UNREADABLE;
          }
          f.setAccessible(true); // InaccessibleObjectException for a package its module does not open
          out.add(f);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      return UNREADABLE;
    }
    return out.isEmpty() ? NONE : new Captures(out.toArray(new Field[0]));
  }

  private static boolean immutableValue(Class<?> t) {
    return t.isPrimitive() || t.isEnum() || t == String.class || t == Double.class || t == Float.class
        || t == Long.class || t == Integer.class || t == Short.class || t == Byte.class
        || t == Character.class || t == Boolean.class;
  }

  /** The primitive fields' values of {@code factory}, as bits (0 for the other fields). */
  long[] bits(Object factory) {
    long[] b = new long[fields.length];
    for (int i = 0; i < fields.length; i++) {
      b[i] = fields[i].getType().isPrimitive() ? bitsOf(fields[i], factory) : 0;
    }
    return b;
  }

  /** The other (immutable reference) fields' values of {@code factory} (null for primitive ones). */
  Object[] refs(Object factory) {
    Object[] r = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      r[i] = fields[i].getType().isPrimitive() ? null : read(fields[i], factory);
    }
    return r;
  }

  /** Whether {@code factory} holds the values {@link #bits} and {@link #refs} saw; allocates nothing. */
  boolean same(Object factory, long[] bits, Object[] refs) {
    for (int i = 0; i < fields.length; i++) {
      Field f = fields[i];
      if (f.getType().isPrimitive() ? bitsOf(f, factory) != bits[i] : !Objects.equals(read(f, factory), refs[i])) {
        return false;
      }
    }
    return true;
  }

  private static long bitsOf(Field f, Object o) {
    try {
      Class<?> t = f.getType();
      if (t == double.class) {
        return Double.doubleToRawLongBits(f.getDouble(o));
      }
      if (t == float.class) {
        return Float.floatToRawIntBits(f.getFloat(o));
      }
      if (t == boolean.class) {
        return f.getBoolean(o) ? 1 : 0;
      }
      return f.getLong(o); // long, int, short, byte, char: widened
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("replay: cannot read " + f + " though it was made accessible", e);
    }
  }

  private static Object read(Field f, Object o) {
    try {
      return f.get(o);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("replay: cannot read " + f + " though it was made accessible", e);
    }
  }
}
