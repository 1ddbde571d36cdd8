package dev.rewind.core;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.deallocation.DeallocatorService;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.cpu.nativecpu.buffer.BaseCpuDataBuffer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.OpaqueDataBuffer;

/**
 * Frees an array's native memory completely and at once when a tape or scope releases it.
 *
 * <p>Why: in ND4J 1.0.0-M2.1 {@code INDArray.close()} frees the data but leaves the native
 * buffer descriptor ({@code InteropDataBuffer}, a few hundred bytes) to the garbage collector's
 * deallocator thread, which frees it only after the Java buffer object is collected. A training
 * step creates about a hundred arrays; under a large fixed heap their buffer objects are
 * promoted to the old generation at each young collection and wait there for a mixed or full
 * collection that may never come, so resident memory grew by tens of megabytes per thousand
 * steps (measured: flat when {@code System.gc()} ran every 250 steps). Here the descriptor is
 * taken out of ND4J's deallocator registry (so the deallocator can never free it a second time)
 * and deleted right away.
 *
 * <p>If ND4J's internals differ from what this expects (another backend, another version), it
 * falls back to {@code close()}, i.e. to the collector.
 */
final class NativeMemory {
  private static final Map<String, ?> REGISTRY = registry();

  private NativeMemory() {}

  @SuppressWarnings("unchecked")
  private static Map<String, ?> registry() {
    try {
      Field f = DeallocatorService.class.getDeclaredField("referenceMap");
      f.setAccessible(true);
      Object m = f.get(Nd4j.getDeallocatorService());
      return m instanceof Map ? (Map<String, ?>) m : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * How many live native objects ND4J's deallocator still waits to free after a collection,
   * other than shape descriptors: data buffers and op contexts; -1 if the registry cannot be
   * read. Only a collection lowers it. ND4J also gives each new array a fresh shape-descriptor
   * buffer that only the collector frees; those (integer buffers) are not counted. For tests.
   */
  static int trackedObjects() {
    if (REGISTRY == null) {
      return -1;
    }
    int n = 0;
    for (Object ref : REGISTRY.values()) {
      Object o = ref instanceof Reference<?> r ? r.get() : null;
      if (o != null && !(o instanceof DataBuffer d && d.dataType() == DataType.LONG)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Frees the one-element operand a scalar op built from a number ({@code ScalarAdd(x, null, z,
   * 2.0)} makes its own array that only the garbage collector would free); other ops: nothing.
   */
  static void releaseScalarOperand(Op op) {
    if (op instanceof ScalarOp s && op.y() == null) {
      INDArray c = s.scalar();
      if (c != null && c != op.x() && c != op.z()) {
        release(c);
      }
    }
  }

  /** Frees {@code a}'s buffer if {@code a} owns it (not a view, not already closed). */
  static void release(INDArray a) {
    if (!a.closeable()) {
      return;
    }
    DataBuffer b = a.data();
    if (REGISTRY == null || !(b instanceof BaseCpuDataBuffer cpu)) {
      a.close();
      return;
    }
    OpaqueDataBuffer opaque = cpu.getOpaqueDataBuffer(); // throws once closed: read it first
    a.close();
    // Only the caller that takes the entry out of the registry deletes the descriptor, so a
    // buffer released twice, or one whose deallocator already ran, is never freed twice.
    if (opaque != null && !opaque.isNull() && REGISTRY.remove(cpu.getUniqueId()) != null) {
      NativeOpsHolder.getInstance().getDeviceNativeOps().deleteDataBuffer(opaque);
      opaque.setNull(); // a stray later use reads null instead of freed memory
    }
  }
}
