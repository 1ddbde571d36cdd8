package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * div and pow refuse integer operands before any native call: ND4J's integer divide killed the
 * JVM with SIGFPE on a zero divisor (7 / 0) and truncated otherwise (7 / 2 = 3); an integer power
 * truncated (2^−1 = 0).
 */
class IntegerDivisionTest {
  private static void refused(String op, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().startsWith(op + ":"), "names the op: " + e.getMessage());
    assertTrue(e.getMessage().contains("castTo"), "says to castTo a floating type: " + e.getMessage());
    assertTrue(e.getMessage().contains("INT") || e.getMessage().contains("LONG"), "names the type: " + e.getMessage());
  }

  @Test
  void integerDivisionByZeroIsRefusedNotACrash() {
    refused("div", () -> Tensor.of(Nd4j.createFromArray(7)).div(Tensor.of(Nd4j.createFromArray(0))));
    refused("div", () -> Tensor.of(Nd4j.createFromArray(7, 8)).div(Tensor.of(Nd4j.createFromArray(2, 0))));
  }

  @Test
  void integerDivisionIsRefusedOnEitherSide() {
    refused("div", () -> Tensor.of(Nd4j.createFromArray(7)).div(Tensor.of(Nd4j.createFromArray(2))));
    refused("div", () -> Tensor.of(Nd4j.createFromArray(7L)).div(Tensor.of(Nd4j.createFromArray(0L))));
    refused("div", () -> new Div().forward(dev.rewind.core.Executor.current(), Nd4j.createFromArray(2.0),
        Nd4j.createFromArray(0)));
  }

  @Test
  void integerPowerIsRefused() {
    refused("pow", () -> Tensor.of(Nd4j.createFromArray(2)).pow(Tensor.of(Nd4j.createFromArray(-1))));
    refused("pow", () -> Tensor.of(Nd4j.createFromArray(2, 3)).pow(Tensor.of(Nd4j.createFromArray(2, 2))));
  }

  @Test
  void floatingOperandsStillWork() {
    assertEquals(3.5, Tensor.of(Nd4j.createFromArray(7)).castTo(DataType.DOUBLE)
        .div(Tensor.of(Nd4j.createFromArray(2)).castTo(DataType.DOUBLE)).item(), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, Tensor.of(7.0).div(Tensor.of(0.0)).item(), 0.0);
    assertEquals(0.5, Tensor.of(2.0).pow(Tensor.of(-1.0)).item(), 0.0);
    assertEquals(0.5f, Tensor.of(new float[] {2f}).pow(Tensor.of(new float[] {-1f})).item(), 0.0);
  }
}
