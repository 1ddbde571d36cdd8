package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 7, concurrency: a tape belongs to the thread that opened it, and two threads training
 * independent models at once get exactly the results of training them one after the other.
 */
class ConcurrencyTest {

  /** Runs {@code r} on a new thread and returns what it threw (null if nothing). */
  static Throwable onOtherThread(Runnable r) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        r.run();
      } catch (Throwable e) {
        thrown.set(e);
      }
    }, "intruder");
    t.start();
    t.join();
    return thrown.get();
  }

  @Test
  void aTapeUsedFromAnotherThreadThrows() throws InterruptedException {
    Tensor x = Tensor.variable(Nd4j.createFromArray(1.0, 2.0));
    try (Tape tape = Tape.persistent()) {
      Tensor y = x.square().sum();
      Throwable g = onOtherThread(() -> tape.gradient(y, x));
      assertTrue(g instanceof IllegalStateException, String.valueOf(g));
      assertTrue(g.getMessage().contains("intruder") && g.getMessage().contains("thread"), g.getMessage());
      Throwable c = onOtherThread(tape::close);
      assertTrue(c instanceof IllegalStateException, String.valueOf(c));
      // the owner can still use it
      assertArrayEquals(new double[] {2, 4}, tape.gradient(y, x)[0].toDoubleArray(), 0.0);
    }
  }

  @Test
  void anotherThreadDoesNotRecordOnThisThreadsTape() throws InterruptedException {
    Tensor x = Tensor.variable(Nd4j.createFromArray(1.0, 2.0));
    try (Tape tape = Tape.record()) {
      AtomicReference<Boolean> recorded = new AtomicReference<>();
      Throwable t = onOtherThread(() -> {
        recorded.set(Tape.isRecording());
        Tensor y = x.mul(2.0);
        recorded.set(recorded.get() || y.requiresGrad());
      });
      assertTrue(t == null, String.valueOf(t));
      assertFalse(recorded.get(), "the tape records only on the thread that opened it");
    }
  }

  /** Trains a tiny tanh MLP by SGD for 50 steps on data derived from {@code seed}; returns its parameters. */
  private static double[] train(long seed, CyclicBarrier start) throws Exception {
    Random rnd = new Random(seed);
    double[][] x = new double[8][3];
    double[][] y = new double[8][1];
    for (int i = 0; i < 8; i++) {
      for (int j = 0; j < 3; j++) {
        x[i][j] = rnd.nextGaussian();
      }
      y[i][0] = Math.sin(x[i][0]) + 0.5 * x[i][1] * x[i][2];
    }
    double[][] w1 = new double[3][5];
    double[][] w2 = new double[5][1];
    for (double[] r : w1) {
      for (int j = 0; j < r.length; j++) {
        r[j] = 0.5 * rnd.nextGaussian();
      }
    }
    for (double[] r : w2) {
      r[0] = 0.5 * rnd.nextGaussian();
    }
    Tensor xs = Tensor.of(x);
    Tensor ys = Tensor.of(y);
    Tensor p1 = Tensor.variable(Tensor.of(w1).value());
    Tensor p2 = Tensor.variable(Tensor.of(w2).value());
    if (start != null) {
      start.await(10, TimeUnit.SECONDS);
    }
    for (int step = 0; step < 50; step++) {
      try (Tape tape = Tape.record()) {
        Tensor loss = xs.matmul(p1).tanh().matmul(p2).sub(ys).square().mean();
        Tensor[] g = tape.gradient(loss, p1, p2);
        p1.mutate(v -> v.subi(g[0].value().mul(0.1)));
        p2.mutate(v -> v.subi(g[1].value().mul(0.1)));
      }
    }
    double[] a = p1.toDoubleArray();
    double[] b = p2.toDoubleArray();
    double[] out = new double[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void twoModelsTrainedConcurrentlyMatchTrainingThemOneAfterTheOther() throws Exception {
    double[] aliceAlone = train(11, null);
    double[] bobAlone = train(22, null);

    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<double[]>> futures = new ArrayList<>();
      futures.add(pool.submit(() -> train(11, start)));
      futures.add(pool.submit(() -> train(22, start)));
      assertArrayEquals(aliceAlone, futures.get(0).get(60, TimeUnit.SECONDS), 0.0);
      assertArrayEquals(bobAlone, futures.get(1).get(60, TimeUnit.SECONDS), 0.0);
    } finally {
      pool.shutdownNow();
    }
    assertFalse(java.util.Arrays.equals(aliceAlone, bobAlone), "the two models differ");
  }
}
