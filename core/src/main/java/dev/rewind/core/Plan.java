package dev.rewind.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The recorded ND4J calls of one training step, replayed by the next step that makes the same
 * calls (see {@link Replay}). A plan is a list of entries, one per allocating call the
 * {@link Executor} made during the step: an allocation ({@link PlannedAlloc}), a reshaped view
 * ({@link PlannedView}), a declarable op with its own native op context ({@link PlannedCustom}),
 * or a legacy op object ({@link PlannedLegacy}). Each entry owns the arrays it allocated; the next
 * step gets the same arrays back instead of new ones. {@link Plans} holds a thread's plans.
 *
 * <p>Matching is by position: the k-th call of a step is compared with the k-th entry (op, argument
 * values, input dtypes and shapes). The first call that differs truncates the plan there (freeing
 * the entries after it, whose arrays no tensor of this step holds yet) and the rest of the step is
 * recorded anew, so a change of sequence or shapes costs one ordinary step.
 */
final class Plan {
  /** A step longer than this is planned only up to here (a tape left open would grow forever). */
  static final int MAX_ENTRIES = 1 << 16;

  final Object site;
  final List<Entry> entries = new ArrayList<>();
  private int cursor;
  private boolean recording = true;
  long replayedCalls;
  long recordedCalls;

  Plan(Object site) {
    this.site = site;
  }

  void begin() {
    cursor = 0;
    recording = entries.isEmpty();
  }

  /** The entry the next call should match, or null when recording. */
  Entry peek() {
    return recording || cursor >= entries.size() ? null : entries.get(cursor);
  }

  /** How many calls of this step have been matched or recorded. */
  int cursor() {
    return cursor;
  }

  /** The call matched {@link #peek()}. */
  void advance() {
    cursor++;
    replayedCalls++;
  }

  /**
   * The call did not match: drops the entries from here on (their arrays are not in use in this
   * step) and records from here. Returns false when the plan is full (plan nothing more).
   */
  boolean diverge(Plans plans) {
    if (!recording) {
      for (int i = entries.size() - 1; i >= cursor; i--) {
        entries.remove(i).dispose(plans);
      }
      recording = true;
    }
    return entries.size() < MAX_ENTRIES;
  }

  void append(Entry e) {
    entries.add(e);
    cursor++;
    recordedCalls++;
  }

  void dispose(Plans plans) {
    for (Entry e : entries) {
      e.dispose(plans);
    }
    entries.clear();
  }

  static boolean sameSignature(INDArray a, DataType dtype, long[] shape) {
    return a.dataType() == dtype && Arrays.equals(a.shape(), shape);
  }

  /** One recorded call. */
  abstract static class Entry {
    /** The arrays this entry allocated and hands out again on replay (null slots: escaped). */
    abstract INDArray[] owned();

    /** An owned array escaped the step (a kept tensor): allocate a new one on the next replay. */
    void detach(INDArray a) {
      INDArray[] o = owned();
      for (int i = 0; i < o.length; i++) {
        if (o[i] == a) {
          o[i] = null;
        }
      }
    }

    void dispose(Plans plans) {
      INDArray[] o = owned();
      for (int i = 0; i < o.length; i++) {
        if (o[i] != null) {
          plans.unregister(o[i]);
          NativeMemory.release(o[i]);
          o[i] = null;
        }
      }
    }
  }
}
