package dev.rewind.core;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.cpu.nativecpu.buffer.BaseCpuDataBuffer;
import org.nd4j.nativeblas.OpaqueDataBuffer;

/**
 * An array's memory as a plain {@code float*} or {@code double*}, for code that calls a native
 * library (BLAS) or loops over the elements itself (an optimizer's one-pass update).
 */
public final class NativeBuffers {
  private NativeBuffers() {}

  /**
   * Whether {@code a} is c-ordered and contiguous from the start of its buffer, so that its
   * elements are {@code length()} consecutive values at {@link #floats}/{@link #doubles}. A closed
   * array is not: its memory is gone, and a native call would crash where ND4J's ops throw.
   */
  public static boolean isPlain(INDArray a) {
    return !a.wasClosed() && a.ordering() == 'c' && a.elementWiseStride() == 1 && a.offset() == 0
        && a.data().offset() == 0;
  }

  /**
   * The first element of a plain float array. This is the buffer's own pointer object
   * ({@code DataBuffer.pointer()}, a field: {@code addressPointer()} asks the native side and
   * allocates a new pointer per call): do not move it; {@code new FloatPointer(p).position(i)}
   * makes a view at element i.
   */
  public static FloatPointer floats(INDArray a) {
    Pointer p = a.data().pointer();
    return p instanceof FloatPointer f && f.position() == 0 ? f : new FloatPointer(a.data().addressPointer());
  }

  /** As {@link #floats}, for a plain double array. */
  public static DoublePointer doubles(INDArray a) {
    Pointer p = a.data().pointer();
    return p instanceof DoublePointer d && d.position() == 0 ? d : new DoublePointer(a.data().addressPointer());
  }

  /**
   * Whether {@code a}'s buffer holds exactly its elements, in row-major order: {@link #isPlain}
   * and no longer than the array (a plain view of a matrix's first rows shares a longer buffer).
   * Such a buffer can be read whole ({@code asDouble()}, {@code asNioFloat()}).
   */
  public static boolean isWhole(INDArray a) {
    return isPlain(a) && a.data().length() == a.length();
  }

  /**
   * The elements of {@code a} in row-major order as doubles: read straight from the buffer when
   * it holds exactly them, else from a c-ordered copy freed at once (ND4J's {@code dup()} would
   * leave it to the garbage collector).
   */
  public static double[] toDoubles(INDArray a) {
    if (a.isEmpty()) {
      return new double[0];
    }
    if (isWhole(a)) {
      return a.data().asDouble();
    }
    INDArray c = a.dup('c');
    try {
      return c.data().asDouble();
    } finally {
      NativeMemory.release(c);
    }
  }

  /** ND4J's native descriptor of a's buffer (a CPU buffer), as its native ops take it. */
  static OpaqueDataBuffer opaque(INDArray a) {
    return ((BaseCpuDataBuffer) a.data()).getOpaqueDataBuffer();
  }

  /** a's shape descriptor, through its buffer's own pointer field where it has one (no native call). */
  static LongPointer shapeInfo(INDArray a) {
    Pointer p = a.shapeInfoDataBuffer().pointer();
    return p instanceof LongPointer l && l.position() == 0 ? l : (LongPointer) a.shapeInfoDataBuffer().addressPointer();
  }
}
