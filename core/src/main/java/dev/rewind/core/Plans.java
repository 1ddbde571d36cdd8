package dev.rewind.core;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One thread's replay plans ({@link Replay}): the plan of the step in progress, the plans of the
 * other places that opened steps (the 8 most recently used), the arrays they own, and the op
 * contexts of dropped entries kept for new ones. The {@link Executor} of the thread holds one.
 */
final class Plans {
  private static final int MAX_PLANS = 8;
  /** The plan of the step in progress on this thread, or null outside a step. */
  private Plan step;
  /** Plans by the place that opened their step, least recently used first. */
  private final LinkedHashMap<String, Plan> bySite = new LinkedHashMap<>(16, 0.75f, true);
  /** The buffers plans own, so that releasing a tensor leaves them for the next replay. */
  private final IdentityHashMap<DataBuffer, Plan.Entry> owned = new IdentityHashMap<>();
  /** Op contexts of dropped plan entries, by argument counts, for new entries. */
  private final Map<Long, ArrayDeque<OpContext>> spare = new HashMap<>();
  private long steps;

  /** The plan of the step in progress, or null outside a step. */
  Plan step() {
    return step;
  }

  /** The outermost tape opened at {@code site}: replay that site's plan, or record one. */
  void begin(String site) {
    if (!Replay.enabled()) {
      if (!bySite.isEmpty()) {
        clear();
      }
      return;
    }
    Plan p = bySite.get(site);
    if (p == null) {
      p = new Plan(site);
      bySite.put(site, p);
      Iterator<Plan> it = bySite.values().iterator();
      while (bySite.size() > MAX_PLANS && it.hasNext()) {
        Plan old = it.next();
        if (old != p) {
          it.remove();
          old.dispose(this);
        }
      }
    }
    p.begin();
    step = p;
    steps++;
  }

  /** The step's tape closed (its tensors were released first). */
  void end() {
    step = null;
  }

  /** Frees every plan of this thread. */
  void clear() {
    if (step != null) {
      throw new IllegalStateException("Replay.clear(): a step is in progress on this thread (its "
          + "tape, opened at " + step.site + ", is open); clear plans between steps");
    }
    for (Plan p : bySite.values()) {
      p.dispose(this);
    }
    bySite.clear();
  }

  Replay.Stats stats() {
    long replayed = 0;
    long recorded = 0;
    long entries = 0;
    for (Plan p : bySite.values()) {
      replayed += p.replayedCalls;
      recorded += p.recordedCalls;
      entries += p.entries.size();
    }
    return new Replay.Stats(steps, bySite.size(), entries, replayed, recorded, owned.size());
  }

  /** A new array that {@code e} owns. */
  INDArray allocate(Plan.Entry e, DataType dtype, long[] shape) {
    INDArray z = Nd4j.createUninitialized(dtype, shape);
    owned.put(z.data(), e);
    return z;
  }

  void unregister(INDArray a) {
    owned.remove(a.data());
  }

  /** Whether a plan owns {@code a} (releasing its tensor must leave it for the next replay). */
  boolean owns(INDArray a) {
    return !owned.isEmpty() && owned.containsKey(a.data());
  }

  /** A tensor whose value is {@code a} was kept: its array leaves the plan for good. */
  void escape(INDArray a) {
    if (!owned.isEmpty()) {
      Plan.Entry e = owned.remove(Versions.root(a));
      if (e != null) {
        e.detach(a);
      }
    }
  }

  /** A context for a new entry: a dropped entry's with the same argument counts, or a new one. */
  OpContext context(long key) {
    ArrayDeque<OpContext> pool = spare.get(key);
    return pool != null && !pool.isEmpty() ? pool.pop() : Nd4j.getExecutioner().buildContext();
  }

  /** Returns a dropped entry's context for reuse (ND4J's {@code close()} frees nothing). */
  void recycle(long key, OpContext ctx) {
    ctx.purge();
    spare.computeIfAbsent(key, k -> new ArrayDeque<>()).push(ctx);
  }
}
