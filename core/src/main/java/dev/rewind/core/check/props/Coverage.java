package dev.rewind.core.check.props;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Property;

/**
 * What a coverage meta-test needs: the classes of a compiled tree, and which primitives its
 * {@link Covers} property classes gradient-check. Core's, nn's and the examples' coverage tests
 * use it, and so can a table of your own primitives:
 *
 * <pre>{@code
 * Map<String, List<String>> covered = Coverage.coveredBeside(MyCoverageTest.class);
 * assertTrue(covered.containsKey("swish"));
 * }</pre>
 */
public final class Coverage {
  private Coverage() {}

  /** The loadable classes under the folder (or jar root) that holds {@code anchor}. */
  public static List<Class<?>> classesBeside(Class<?> anchor) {
    Path root;
    try {
      root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Coverage: cannot locate the classes of " + anchor.getName(), e);
    }
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
        try {
          out.add(Class.forName(name, false, anchor.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
          // not loadable on its own (an optional dependency missing): cannot be a table row either
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Coverage: cannot list the classes under " + root, e);
    }
    return out;
  }

  /**
   * The names of the concrete {@link dev.rewind.core.Primitive} classes beside {@code anchor},
   * sorted: what a primitive table must list.
   */
  public static java.util.SortedSet<String> primitivesBeside(Class<?> anchor) {
    java.util.SortedSet<String> found = new java.util.TreeSet<>();
    for (Class<?> c : classesBeside(anchor)) {
      if (dev.rewind.core.Primitive.class.isAssignableFrom(c) && !c.isInterface()
          && !java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
        found.add(c.getName());
      }
    }
    return found;
  }

  /**
   * Whether {@code c} has a jqwik {@code @Property}: declared, or inherited from an op contract
   * ({@link UnaryOpContract} and the others carry theirs as default methods).
   */
  public static boolean hasProperty(Class<?> c) {
    return Stream.concat(Stream.of(c.getDeclaredMethods()), Stream.of(c.getMethods()))
        .anyMatch((Method m) -> m.isAnnotationPresent(Property.class));
  }

  /**
   * Primitive name → the simple names of the {@link Covers} classes beside {@code anchor} that
   * cover it. Throws if a {@code @Covers} class has no {@code @Property}: it would check nothing.
   */
  public static Map<String, List<String>> coveredBeside(Class<?> anchor) {
    Map<String, List<String>> covered = new TreeMap<>();
    for (Class<?> c : classesBeside(anchor)) {
      Covers covers = c.getAnnotation(Covers.class);
      if (covers == null) {
        continue;
      }
      if (!hasProperty(c)) {
        throw new IllegalStateException(c.getName() + " is @Covers" + Arrays.toString(covers.value())
            + " but implements no op contract and declares no @Property");
      }
      for (String op : covers.value()) {
        covered.computeIfAbsent(op, k -> new ArrayList<>()).add(c.getSimpleName());
      }
    }
    return covered;
  }
}
