package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A product's two gradient GEMMs may overlap, one on the helper thread ({@link AsyncGemm}):
 * gradients must be bitwise those of the serial order, and no op may read an output the helper
 * is still writing.
 */
class AsyncGemmTest {
  private final boolean before = RewindRuntime.asyncGemm();

  @AfterEach
  void restore() {
    RewindRuntime.setAsyncGemm(before);
    Replay.setEnabled(true);
    Replay.clear();
  }

  /** Gradients of an MLP whose middle product (128·512·512 = 33.5M multiply-adds, as W1's) overlaps. */
  private static INDArray[] mlpGradients(DataType dt, long seed, int steps) {
    Nd4j.getRandom().setSeed(seed);
    Tensor w1 = Tensor.variable(Nd4j.rand(dt, 64, 512).subi(0.5));
    Tensor w2 = Tensor.variable(Nd4j.rand(dt, 512, 512).subi(0.5).divi(16));
    Tensor w3 = Tensor.variable(Nd4j.rand(dt, 512, 10).subi(0.5));
    Tensor x = Tensor.of(Nd4j.rand(dt, 128, 64));
    INDArray[] out = null;
    for (int s = 0; s < steps; s++) {
      try (Tape tape = Tape.record()) {
        Tensor h = x.matmul(w1).tanh().matmul(w2).relu().matmul(w3);
        Tensor loss = h.square().mean();
        Tensor[] g = tape.gradient(loss, w1, w2, w3);
        out = new INDArray[] {g[0].value().dup(), g[1].value().dup(), g[2].value().dup()};
      }
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({"FLOAT, true", "FLOAT, false", "DOUBLE, true", "DOUBLE, false"})
  void overlappedGradientsAreBitwiseThoseOfTheSerialOrder(DataType dt, boolean replay) {
    Replay.setEnabled(replay);
    RewindRuntime.setAsyncGemm(false);
    INDArray[] serial = mlpGradients(dt, 7, 3);
    RewindRuntime.setAsyncGemm(true);
    long jobs = handedOver();
    INDArray[] overlapped = mlpGradients(dt, 7, 3);
    // Two products have both factors requiring a gradient (w2 and w3's); only w2's is large enough.
    assertEquals(3, handedOver() - jobs, "one GEMM per step handed to the helper thread");
    for (int i = 0; i < serial.length; i++) {
      assertBitwise(serial[i], overlapped[i], "gradient " + i);
    }
  }

  @Test
  void offOrUnderAnomalyModeNothingGoesToTheHelper() {
    RewindRuntime.setAsyncGemm(false);
    long jobs = handedOver();
    mlpGradients(DataType.FLOAT, 3, 2);
    assertEquals(jobs, handedOver());
    RewindRuntime.setAsyncGemm(true);
    try (Anomaly a = Anomaly.detect()) {
      mlpGradients(DataType.FLOAT, 3, 2);
    }
    assertEquals(jobs, handedOver(), "anomaly mode reads every output as it is made");
  }

  @Test
  void anOpReadingThePendingOutputWaitsForIt() {
    RewindRuntime.setAsyncGemm(true);
    Executor ex = Executor.current();
    INDArray a = Nd4j.rand(DataType.DOUBLE, 256, 256);
    INDArray b = Nd4j.rand(DataType.DOUBLE, 256, 256);
    // The serial results, through the same BLAS call with the window closed.
    INDArray ab = ex.matmul(a, false, b, false, Nd4j.createUninitialized(DataType.DOUBLE, 256, 256));
    INDArray expected = ex.matmul(ab, false, b, false, Nd4j.createUninitialized(DataType.DOUBLE, 256, 256));
    for (int trial = 0; trial < 20; trial++) {
      INDArray z1 = Nd4j.createUninitialized(DataType.DOUBLE, 256, 256);
      INDArray z2 = Nd4j.createUninitialized(DataType.DOUBLE, 256, 256);
      INDArray sum = Nd4j.createUninitialized(DataType.DOUBLE, 256, 256);
      ex.openGemmWindow();
      try {
        ex.matmul(a, false, b, false, z1); // to the helper
        ex.matmul(z1, false, b, false, z2); // reads z1: must wait for it
        ex.elementwise("add", z1, z2, sum); // any other op waits too
      } finally {
        ex.closeGemmWindow();
      }
      assertBitwise(expected, z2, "trial " + trial);
      assertBitwise(ab.add(expected), sum, "trial " + trial);
    }
  }

  @Test
  void aFailureOnTheHelperIsRethrownNamingTheProduct() {
    INDArray z = Nd4j.zeros(DataType.FLOAT, 3, 4);
    AsyncGemm.Job j = null;
    for (int tries = 0; j == null && tries < 1000; tries++) {
      j = AsyncGemm.tryStart(z, z, z, () -> {
        throw new IllegalArgumentException("injected");
      });
      Thread.onSpinWait();
    }
    assertTrue(j != null, "the helper stayed busy");
    AsyncGemm.Job job = j;
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!job.claimed() && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // let the helper, not this thread, run it
    }
    assertTrue(job.claimed(), "the helper did not start the job within 10 s");
    IllegalStateException e = assertThrows(IllegalStateException.class, job::await);
    assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[3, 4]")
        && e.getMessage().contains("injected"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"true", "false"})
  void aJobTheHelperHasNotStartedIsTakenBackAndRunByItsCaller(boolean replay) {
    Replay.setEnabled(replay);
    RewindRuntime.setAsyncGemm(false);
    INDArray[] serial = mlpGradients(DataType.FLOAT, 11, 3);
    RewindRuntime.setAsyncGemm(true);
    long taken = AsyncGemm.takenBack();
    long completed = AsyncGemm.completed();
    AsyncGemm.holdForTests(true);
    INDArray[] takenBack;
    try {
      takenBack = mlpGradients(DataType.FLOAT, 11, 3);
    } finally {
      AsyncGemm.holdForTests(false);
    }
    assertEquals(3, AsyncGemm.takenBack() - taken, "each step's job run by its caller");
    assertEquals(completed, AsyncGemm.completed(), "nothing run by the held helper");
    for (int i = 0; i < serial.length; i++) {
      assertBitwise(serial[i], takenBack[i], "gradient " + i);
    }
    // The helper is free again: a job it would not start did not leave it marked busy.
    long jobs = handedOver();
    mlpGradients(DataType.FLOAT, 11, 1);
    assertEquals(1, handedOver() - jobs);
  }

  @Test
  void aFailureOfAJobTakenBackReadsAsOneOnTheHelper() {
    INDArray z = Nd4j.zeros(DataType.FLOAT, 3, 4);
    AsyncGemm.holdForTests(true);
    try {
      AsyncGemm.Job job = startWhenFree(z, () -> {
        throw new IllegalArgumentException("injected");
      });
      IllegalStateException e = assertThrows(IllegalStateException.class, job::await);
      assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[3, 4]")
          && e.getMessage().contains("injected"), e.getMessage());
      assertTrue(e.getCause() instanceof IllegalArgumentException);
    } finally {
      AsyncGemm.holdForTests(false);
    }
    AsyncGemm.Job next = AsyncGemm.tryStart(z, z, z, () -> {});
    assertTrue(next != null, "the failed job left the helper marked busy");
    next.await();
  }

  @Test
  void anAbandonedJobTheHelperHasNotStartedNeverRuns() {
    INDArray z = Nd4j.zeros(DataType.FLOAT, 3, 4);
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    long completed = AsyncGemm.completed();
    AsyncGemm.holdForTests(true);
    try {
      startWhenFree(z, runs::incrementAndGet).abandon();
    } finally {
      AsyncGemm.holdForTests(false);
    }
    assertEquals(0, runs.get());
    assertEquals(completed, AsyncGemm.completed());
    AsyncGemm.Job next = AsyncGemm.tryStart(z, z, z, runs::incrementAndGet);
    assertTrue(next != null, "the abandoned job left the helper marked busy");
    next.await();
    assertEquals(1, runs.get());
  }

  @Test
  void underContentionEveryJobRunsExactlyOnce() throws Exception {
    INDArray z = Nd4j.zeros(DataType.FLOAT, 1, 1);
    int perThread = 20_000;
    int threads = 3;
    java.util.concurrent.atomic.AtomicIntegerArray runs = new java.util.concurrent.atomic.AtomicIntegerArray(threads * perThread);
    java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();
    long handed = handedOver();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            int id = base + i;
            Runnable work = () -> runs.incrementAndGet(id);
            if (i % 64 == 0) {
              AsyncGemm.prepare(); // sometimes the helper spins, sometimes it is parked
            }
            AsyncGemm.Job j = AsyncGemm.tryStart(z, z, z, work);
            if (j == null) {
              work.run(); // busy: as Executor.matmul does
            } else {
              started.incrementAndGet();
              for (int k = 0; k < (id % 7) * 20; k++) {
                Thread.onSpinWait(); // the caller's own GEMM, of varying length
              }
              j.await();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < runs.length(); i++) {
      assertEquals(1, runs.get(i), "job " + i);
    }
    assertEquals(started.get(), handedOver() - handed, "each started job run by the helper or taken back");
  }

  /** Starts {@code work} as a job, retrying while another job still holds the helper. */
  private static AsyncGemm.Job startWhenFree(INDArray z, Runnable work) {
    AsyncGemm.Job j = null;
    for (int tries = 0; j == null && tries < 1000; tries++) {
      j = AsyncGemm.tryStart(z, z, z, work);
      Thread.onSpinWait();
    }
    assertTrue(j != null, "the helper stayed busy");
    return j;
  }

  /** Jobs given to the helper, whether it ran them or their callers took them back. */
  private static long handedOver() {
    return AsyncGemm.completed() + AsyncGemm.takenBack();
  }

  @Test
  void threadsSharingTheHelperGetTheirOwnResults() throws Exception {
    RewindRuntime.setAsyncGemm(false);
    List<INDArray[]> serial = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      serial.add(mlpGradients(DataType.FLOAT, 100 + t, 1));
    }
    RewindRuntime.setAsyncGemm(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<INDArray[]>> rs = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        INDArray[] in = prepared(100 + t); // drawn here: ND4J's generator is shared
        rs.add(pool.submit(() -> train(in, 4)));
      }
      for (int t = 0; t < 3; t++) {
        INDArray[] got = rs.get(t).get();
        for (int i = 0; i < got.length; i++) {
          assertBitwise(serial.get(t)[i], got[i], "thread " + t + ", gradient " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertBitwise(INDArray expected, INDArray actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what);
    assertArrayEquals(expected.data().asDouble(), actual.data().asDouble(), 0.0, what);
  }

  private static INDArray[] prepared(long seed) {
    Nd4j.getRandom().setSeed(seed);
    DataType dt = DataType.FLOAT;
    return new INDArray[] {Nd4j.rand(dt, 64, 512).subi(0.5), Nd4j.rand(dt, 512, 512).subi(0.5).divi(16),
        Nd4j.rand(dt, 512, 10).subi(0.5), Nd4j.rand(dt, 128, 64)};
  }

  /** {@link #mlpGradients} from drawn data, on the calling thread. */
  private static INDArray[] train(INDArray[] in, int steps) {
    Tensor w1 = Tensor.variable(in[0]);
    Tensor w2 = Tensor.variable(in[1]);
    Tensor w3 = Tensor.variable(in[2]);
    Tensor x = Tensor.of(in[3]);
    INDArray[] out = null;
    for (int s = 0; s < steps; s++) {
      try (Tape tape = Tape.record()) {
        Tensor loss = x.matmul(w1).tanh().matmul(w2).relu().matmul(w3).square().mean();
        Tensor[] g = tape.gradient(loss, w1, w2, w3);
        out = new INDArray[] {g[0].value().dup(), g[1].value().dup(), g[2].value().dup()};
      }
    }
    return out;
  }

  /** Interrupting the helper left its interrupt flag set, and park() returned at once forever. */
  @Test
  void anInterruptedHelperStaysParkedWhenIdle() throws Exception {
    RewindRuntime.setAsyncGemm(true);
    mlpGradients(DataType.FLOAT, 5, 1); // starts the helper
    Thread helper = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("rewind-gemm")).findFirst().orElseThrow();
    helper.interrupt();
    Thread.sleep(50); // past the pre-wake spin of the last backward pass
    for (int i = 0; i < 20; i++) {
      assertEquals(Thread.State.WAITING, helper.getState(), "sample " + i + ": the idle helper must be parked");
      Thread.sleep(5);
    }
    INDArray[] after = mlpGradients(DataType.FLOAT, 5, 1);
    RewindRuntime.setAsyncGemm(false);
    INDArray[] serial = mlpGradients(DataType.FLOAT, 5, 1);
    for (int i = 0; i < after.length; i++) {
      assertBitwise(serial[i], after[i], "gradient " + i + " after the interrupt");
    }
  }
}
