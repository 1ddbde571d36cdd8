package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.nn.FakeLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Anomaly mode names the user's line, not a line inside Rewind's layers: frames of core, nn and
 * optim are skipped, and the layer's own line is named too.
 */
class AnomalySiteTest {
  @Test
  void anOpRecordedInsideALayerNamesTheUsersCallAndTheLayer() {
    Tensor x = Tensor.variable(Nd4j.createFromArray(-1.0, 2.0));
    int line;
    ArithmeticException e;
    try (Anomaly a = Anomaly.detect(); Tape tape = Tape.record()) {
      line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
      e = assertThrows(ArithmeticException.class, () -> FakeLayer.apply(x));
    }
    String m = e.getMessage();
    assertTrue(m.contains("recorded at dev.rewind.core.AnomalySiteTest.lambda$"), m);
    assertTrue(m.contains("AnomalySiteTest.java:" + line), "line " + line + " in: " + m);
    assertTrue(m.contains("(through dev.rewind.nn.FakeLayer.apply(FakeLayer.java:"), m);
  }

  @Test
  void theSiteOfARecordedOpIsTheUsersLine() {
    Tensor x = Tensor.variable(Nd4j.createFromArray(1.0, 2.0));
    try (Anomaly a = Anomaly.captureSites(); Tape tape = Tape.record()) {
      int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
      Tensor y = FakeLayer.apply(x);
      RecordedOp op = RecordedOp.history(y).get(0);
      assertTrue(op.site().getClassName().equals(AnomalySiteTest.class.getName()) && op.site().getLineNumber() == line,
          String.valueOf(op.site()));
      assertTrue(op.toString().contains("through dev.rewind.nn.FakeLayer.apply"), op.toString());
    }
  }
}
