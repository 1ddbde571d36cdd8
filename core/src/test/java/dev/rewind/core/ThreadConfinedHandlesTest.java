package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A no-grad region and an anomaly-mode handle belong to the thread that opened them, as tapes and
 * scopes do: closing one from another thread is refused with a clear message and changes neither
 * thread's state; closing it twice on its own thread is harmless.
 */
class ThreadConfinedHandlesTest {
  @Test
  void aNoGradRegionClosedFromAnotherThreadIsRefusedAndStaysOpenHere() throws InterruptedException {
    NoGrad ng = Tape.noGrad();
    try {
      Throwable e = ConcurrencyTest.onOtherThread(ng::close);
      assertTrue(e instanceof IllegalStateException && e.getMessage().contains("thread 'intruder'"), String.valueOf(e));
      try (Tape t = Tape.record()) {
        assertFalse(Tape.isRecording(), "still no-grad on this thread");
      }
      // the other thread's recording was not disturbed: it records normally
      boolean[] recorded = new boolean[1];
      Throwable e2 = ConcurrencyTest.onOtherThread(() -> {
        try (Tape t = Tape.record()) {
          recorded[0] = Tape.isRecording() && Tensor.variable(Nd4j.createFromArray(1.0)).mul(2.0).requiresGrad();
        }
      });
      assertTrue(e2 == null && recorded[0], String.valueOf(e2));
    } finally {
      ng.close();
      ng.close(); // twice: harmless
    }
    try (Tape t = Tape.record()) {
      assertTrue(Tape.isRecording(), "recording resumed once closed on its own thread");
    }
  }

  @Test
  void anAnomalyHandleClosedFromAnotherThreadIsRefusedAndStaysOnHere() throws InterruptedException {
    Tensor x = Tensor.of(Nd4j.createFromArray(-1.0));
    Supplier<Boolean> detects = () -> {
      try {
        x.log();
        return false;
      } catch (ArithmeticException e) {
        return true;
      }
    };
    Anomaly a = Anomaly.detect();
    try {
      Throwable e = ConcurrencyTest.onOtherThread(a::close);
      assertTrue(e instanceof IllegalStateException && e.getMessage().contains("thread 'intruder'"), String.valueOf(e));
      assertTrue(detects.get(), "still detecting on this thread");
      boolean[] other = new boolean[1];
      assertTrue(ConcurrencyTest.onOtherThread(() -> other[0] = detects.get()) == null);
      assertFalse(other[0], "the other thread never turned it on");
    } finally {
      a.close();
      a.close();
    }
    assertFalse(detects.get(), "off once closed on its own thread");
  }
}
