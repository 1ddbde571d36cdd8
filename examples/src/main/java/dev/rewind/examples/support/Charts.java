package dev.rewind.examples.support;

import dev.rewind.core.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
      double[] y = s.y();
      if (logY) {
        y = y.clone();
        for (int i = 0; i < y.length; i++) {
          y[i] = Math.max(y[i], 1e-30);
        }
      }
      XYSeries xy = chart.addSeries(s.name(), s.x(), y);
      xy.setMarker(s.x().length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
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
