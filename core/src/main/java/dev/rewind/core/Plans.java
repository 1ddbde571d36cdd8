package dev.rewind.core;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One thread's replay plans ({@link Replay}): the plan of the step in progress, the plans of the
 * places that opened steps (the 8 most recently used, up to 4 plans each, one per set of shapes),
 * the arrays they own, and the op contexts of dropped entries kept for new ones. The
 * {@link Executor} of the thread holds one.
 */
final class Plans {
  private static final int MAX_SITES = 8;
  /** Plans kept per place: one per set of shapes seen there (a last, smaller batch; buckets). */
  private static final int MAX_VARIANTS = 4;
  /** Steps in a row that matched no plan at their first call before a place stops planning... */
  private static final int MISSES_BEFORE_PAUSE = 8;
  /** ...for this many steps: shapes that change every step would only pay for planning. */
  private static final int PAUSE_STEPS = 64;

  /** The plan of the step in progress on this thread, or null outside a step. */
  private Plan step;
  private Site site;
  /** Places that opened steps, least recently used first. */
  private final LinkedHashMap<Object, Site> bySite = new LinkedHashMap<>(16, 0.75f, true);
  /** The buffers plans own, so that releasing a tensor leaves them for the next replay. */
  private final IdentityHashMap<DataBuffer, Plan.Entry> owned = new IdentityHashMap<>();
  /** Op contexts of dropped plan entries, by argument counts, for new entries. */
  private final Map<Long, ArrayDeque<OpContext>> spare = new HashMap<>();
  private long steps;
  private long unplannedSteps;
  /** Calls inside steps that could not be planned (see {@link Replay.Stats#unplannedCalls()}). */
  long unplannedCalls;
  /** Bytes of the arrays plans own now. */
  private long ownedBytes;

  /** One place in the code that opens steps, and its plans, most recently used first. */
  private static final class Site {
    final Object name;
    final ArrayDeque<Plan> variants = new ArrayDeque<>();
    int misses;
    long pausedUntil;

    Site(Object name) {
      this.name = name;
    }
  }

  /** The plan of the step in progress, or null outside a step. */
  Plan step() {
    return step;
  }

  /**
   * An outermost tape opened: replay the plan of the place that opened it, or record one. With
   * replay off, frees this thread's plans instead (and finds no place: that costs a stack walk).
   */
  void begin() {
    if (!Replay.enabled()) {
      if (!bySite.isEmpty()) {
        clear();
      }
      return;
    }
    Object name = Replay.site();
    steps++;
    Site s = bySite.get(name);
    if (s == null) {
      s = new Site(name);
      bySite.put(name, s);
      Iterator<Site> it = bySite.values().iterator();
      while (bySite.size() > MAX_SITES && it.hasNext()) {
        Site old = it.next();
        if (old != s) {
          it.remove();
          old.variants.forEach(v -> v.dispose(this));
        }
      }
    }
    if (steps < s.pausedUntil) {
      unplannedSteps++;
      return; // shapes kept changing here: run this step unplanned
    }
    if (s.variants.isEmpty()) {
      s.variants.push(new Plan(name));
    }
    site = s;
    step = s.variants.peekFirst();
    step.begin();
  }

  /** The step's tape closed (its tensors were released first). */
  void end() {
    Plan used = step;
    step = null;
    site = null;
    if (ownedBytes > Replay.maxBytes()) {
      trim(used);
    }
  }

  /**
   * Frees least recently used plans, never {@code keep} (the step that just ended), until the
   * arrays plans own fit in {@link Replay#maxBytes()}: each plan holds a whole step's
   * intermediates, and a place keeps up to 4 of them.
   */
  private void trim(Plan keep) {
    for (Iterator<Site> sites = bySite.values().iterator(); sites.hasNext() && ownedBytes > Replay.maxBytes(); ) {
      Site s = sites.next(); // least recently used place first
      for (Iterator<Plan> it = s.variants.descendingIterator(); it.hasNext() && ownedBytes > Replay.maxBytes(); ) {
        Plan p = it.next(); // its least recently used plan first
        if (p != keep) {
          it.remove();
          p.dispose(this);
        }
      }
      if (s.variants.isEmpty()) {
        sites.remove();
      }
    }
  }

  /**
   * The entry of the step's plan that the current call matches, advanced past, or null if none
   * does (the caller records the call into {@link #recording()}). A step that differs at its
   * very first call switches to another plan of the same place whose first call matches (another
   * batch size, say), or starts a new one, so a few alternating shapes each keep their plan.
   */
  Plan.Entry match(Predicate<Plan.Entry> matches) {
    Plan p = step;
    Plan.Entry e = p.peek();
    if (e != null && matches.test(e)) {
      p.advance();
      if (p.cursor() == 1) {
        site.misses = 0;
      }
      return e;
    }
    if (p.cursor() == 0 && !p.entries.isEmpty()) {
      for (Plan v : site.variants) {
        if (v != p && !v.entries.isEmpty() && matches.test(v.entries.get(0))) {
          site.variants.remove(v);
          site.variants.push(v);
          step = v;
          v.begin();
          v.advance();
          site.misses = 0;
          return v.entries.get(0);
        }
      }
      Plan n = new Plan(site.name);
      site.variants.push(n);
      while (site.variants.size() > MAX_VARIANTS) {
        site.variants.removeLast().dispose(this);
      }
      n.begin();
      step = n;
      if (++site.misses >= MISSES_BEFORE_PAUSE) {
        site.misses = 0;
        site.pausedUntil = steps + PAUSE_STEPS;
      }
    }
    return null;
  }

  /** After {@link #match} found nothing: the plan to record the call into, or null when it is full. */
  Plan recording() {
    return step.diverge(this) ? step : null;
  }

  /** Frees every plan of this thread. */
  void clear() {
    if (step != null) {
      throw new IllegalStateException("Replay.clear(): a step is in progress on this thread (its "
          + "tape, opened at " + step.site + ", is open); clear plans between steps");
    }
    for (Site s : bySite.values()) {
      s.variants.forEach(v -> v.dispose(this));
    }
    bySite.clear();
  }

  Replay.Stats stats() {
    long replayed = 0;
    long recorded = 0;
    long entries = 0;
    int plans = 0;
    for (Site s : bySite.values()) {
      for (Plan p : s.variants) {
        replayed += p.replayedCalls;
        recorded += p.recordedCalls;
        entries += p.entries.size();
        plans++;
      }
    }
    return new Replay.Stats(steps, unplannedSteps, plans, entries, replayed, recorded, owned.size(), ownedBytes,
        unplannedCalls);
  }

  /** A new array that {@code e} owns. */
  INDArray allocate(Plan.Entry e, DataType dtype, long[] shape) {
    INDArray z = Nd4j.createUninitialized(dtype, shape);
    owned.put(z.data(), e);
    ownedBytes += bytes(z);
    return z;
  }

  void unregister(INDArray a) {
    if (owned.remove(a.data()) != null) {
      ownedBytes -= bytes(a);
    }
  }

  private static long bytes(INDArray a) {
    return a.length() * a.dataType().width();
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
        ownedBytes -= bytes(a);
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
