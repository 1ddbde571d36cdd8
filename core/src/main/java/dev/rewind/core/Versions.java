package dev.rewind.core;

import com.google.common.collect.MapMaker;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Version counters of array buffers, so that a backward pass can tell that an array it saved was
 * modified in place after the forward pass.
 *
 * <p>Counters are kept per root buffer (ND4J views such as {@code getRow} or {@code transpose()}
 * share it), so a change through a view counts as a change of the array. Arrays never mutated
 * through {@link Tensor#mutate} have version 0 and cost no entry.
 */
final class Versions {
  private static final ConcurrentMap<DataBuffer, AtomicLong> COUNTERS =
      new MapMaker().weakKeys().concurrencyLevel(4).makeMap();

  private Versions() {}

  static DataBuffer root(INDArray a) {
    DataBuffer b = a.data();
    DataBuffer o = b.originalDataBuffer();
    while (o != null && o != b) {
      b = o;
      o = b.originalDataBuffer();
    }
    return b;
  }

  static long of(INDArray a) {
    AtomicLong c = COUNTERS.get(root(a));
    return c == null ? 0 : c.get();
  }

  static void bump(INDArray a) {
    COUNTERS.computeIfAbsent(root(a), k -> new AtomicLong()).incrementAndGet();
  }
}
