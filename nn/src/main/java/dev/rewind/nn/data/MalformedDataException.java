package dev.rewind.nn.data;

import java.io.IOException;

/**
 * A data file (IDX, CSV, gzip) that is truncated, corrupt or inconsistent. The message names the
 * file and what was wrong (expected versus found); nothing half-loaded is ever returned.
 */
public final class MalformedDataException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String source;

  public MalformedDataException(String source, String problem) {
    super(source + ": " + problem);
    this.source = source;
  }

  public MalformedDataException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
  }

  /** The file or classpath resource that was being read. */
  public String source() {
    return source;
  }
}
