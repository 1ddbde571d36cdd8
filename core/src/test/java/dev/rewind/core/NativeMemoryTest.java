package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training loop must not leave native objects behind for the garbage collector: every array a
 * tape creates is freed when it closes, and declarable ops reuse the thread's op contexts. The
 * count read is ND4J's deallocator registry (live data buffers and op contexts), which only a
 * collection shrinks, so a collection
 * during the loop can make the growth smaller, never larger: no GC noise can fail this test.
 */
class NativeMemoryTest {
  private static final int STEPS = 200;

  @Test
  void trainingStepsLeaveNoNativeObjectsToTheCollector() {
    assertTrue(NativeMemory.trackedObjects() >= 0, "ND4J's deallocator registry is readable");
    Nd4j.getRandom().setSeed(7);
    Tensor x = Tensor.of(Nd4j.rand(DataType.FLOAT, 16, 8));
    Tensor y = Tensor.of(Nd4j.rand(DataType.FLOAT, 16, 4));
    Tensor w1 = Tensor.variable(Nd4j.rand(DataType.FLOAT, 8, 12).subi(0.5));
    Tensor b1 = Tensor.variable(Nd4j.zeros(DataType.FLOAT, 12));
    Tensor w2 = Tensor.variable(Nd4j.rand(DataType.FLOAT, 12, 4).subi(0.5));
    Tensor[] params = {w1, b1, w2};
    double first = step(x, y, params);
    for (int i = 0; i < 20; i++) { // warm-up: contexts and constant shapes are created once
      step(x, y, params);
    }
    int before = NativeMemory.trackedObjects();
    double last = Double.NaN;
    for (int i = 0; i < STEPS; i++) {
      last = step(x, y, params);
    }

    int growth = NativeMemory.trackedObjects() - before;

    // About 40 arrays per step. Measured over 200 steps: 1600 (ND4J views and a few scalars are
    // still left to the collector), 2400 with an op context built per call, over 4000 when a
    // closing tape left its buffers' descriptors to the collector.
    assertTrue(growth < STEPS * 10, "native objects left to the GC grew by " + growth
        + " over " + STEPS + " steps; a tape is not freeing what it created");
    assertTrue(last < first, "the loop trained: loss " + first + " -> " + last);
  }

  /** tanh and the fused VJPs copy a view into a plain array for their Java loops; the copy is freed at once. */
  @Test
  void javaKernelsFreeTheirCopiesOfViews() {
    INDArray base = Nd4j.rand(DataType.FLOAT, 8, 12);
    INDArray view = base.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 9));
    Tensor v = Tensor.variable(view);
    for (int i = 0; i < 20; i++) {
      viewStep(v);
    }
    int before = NativeMemory.trackedObjects();
    for (int i = 0; i < STEPS; i++) {
      viewStep(v);
    }
    int growth = NativeMemory.trackedObjects() - before;
    // Measured: one object a step (200) when the copies were left to the GC.
    assertTrue(growth < STEPS, "native objects left to the GC grew by " + growth + " over " + STEPS + " steps");
  }

  private static void viewStep(Tensor v) {
    try (Tape tape = Tape.record()) {
      tape.gradient(v.tanh().sum(), v);
    }
  }

  @Test
  void releasingTwiceAndReleasingAViewAreHarmless() {
    INDArray a = Nd4j.rand(DataType.FLOAT, 3, 4);
    INDArray view = a.reshape(4, 3).transpose();
    NativeMemory.release(view); // a view owns nothing: a no-op
    assertEquals(12, a.length());
    NativeMemory.release(a);
    NativeMemory.release(a);
    assertTrue(a.wasClosed(), "the array is closed");
  }

  private static double step(Tensor x, Tensor y, Tensor[] p) {
    try (Tape tape = Tape.record()) {
      Tensor h = x.matmul(p[0]).add(p[1]).relu().matmul(p[2]);
      Tensor loss = h.sub(y).square().mean();
      Tensor[] g = tape.gradient(loss, p);
      for (int i = 0; i < p.length; i++) {
        INDArray gi = g[i].value();
        // BLAS axpy updates in place, so the test's own update allocates nothing.
        p[i].mutate(v -> Nd4j.getBlasWrapper().level1().axpy(v.length(), -0.1, gi, v));
      }
      return loss.item();
    }
  }
}
