package dev.rewind.examples.support;

import dev.rewind.core.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line charts written as PNG files (XChart). */
public final class Charts {
  private Charts() {}

  /** One named line. */
  public record Series(String name, double[] x, double[] y) {}

  /**
   * Writes a line chart of {@code series} to {@code file} (".png" is appended when missing) and
   * returns the file written. The PNG is rendered to a temporary file in the same folder and
   * renamed over {@code file} ({@link AtomicFile}): a failure never leaves a half-written chart.
   * Points with an infinite or NaN coordinate are left out.
   *
   * @throws IllegalArgumentException when there is no series, or a series has no points or x and
   *     y of different lengths (XChart's own error would name neither the chart nor the series)
   */
  public static Path line(Path file, String title, String xLabel, String yLabel, boolean logY, List<Series> series) {
    if (series.isEmpty()) {
      throw new IllegalArgumentException("chart " + file + " (\"" + title + "\"): no series to draw");
    }
    for (Series s : series) {
      if (s.x().length != s.y().length) {
        throw new IllegalArgumentException("chart " + file + " (\"" + title + "\"): series \"" + s.name() + "\" has "
            + s.x().length + " x values but " + s.y().length + " y values");
      }
      if (s.x().length == 0) {
        throw new IllegalArgumentException("chart " + file + " (\"" + title + "\"): series \"" + s.name()
            + "\" has no points; leave it out");
      }
    }
    XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setMarkerSize(3);
    for (Series s : series) {
      // XChart refuses infinities and NaN (a diverged run's losses): leave those points out.
      int n = 0;
      double[] x = new double[s.x().length];
      double[] y = new double[s.x().length];
      for (int i = 0; i < x.length; i++) {
        if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
          x[n] = s.x()[i];
          y[n++] = logY ? Math.max(s.y()[i], 1e-30) : s.y()[i];
        }
      }
      if (n == 0) {
        throw new IllegalArgumentException("chart " + file + " (\"" + title + "\"): series \"" + s.name()
            + "\" has no finite points (" + s.x().length + " infinite or NaN); leave it out");
      }
      XYSeries xy = chart.addSeries(s.name(), Arrays.copyOf(x, n), Arrays.copyOf(y, n));
      xy.setMarker(n > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    }
    String name = file.toString();
    Path png = name.endsWith(".png") ? file : Path.of(name + ".png");
    try {
      AtomicFile.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
      return png;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + png + ": " + e.getMessage(), e);
    }
  }

  /** 0, 1, 2, ... n−1 as doubles. */
  public static double[] range(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }
}
