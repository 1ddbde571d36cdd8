package dev.rewind.optim.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Search strategies: grid and random search at a fixed budget, and dynamic resource allocation —
 * successive halving, which stops poor configurations early, and Hyperband, which hedges over how
 * aggressively to stop them. Random draws come from {@code new Random(seed)}: same seed, same
 * configurations.
 */
public final class Searches {
  private Searches() {}

  /**
   * Every combination of the spaces' grid values ({@code pointsPerAxis} for continuous spaces),
   * each trained with {@code budget}; the last hyperparameter varies fastest. pointsPerAxis ≥ 1.
   */
  public static Search grid(SearchSpace space, int pointsPerAxis, double budget) {
    positive("grid", "budget", budget);
    if (pointsPerAxis < 1) {
      throw new IllegalArgumentException("Searches.grid: pointsPerAxis=" + pointsPerAxis
          + "; give at least 1");
    }
    return new Named("Searches.grid(" + space + ", " + pointsPerAxis + ", " + budget + ")",
        (run) -> {
          List<Map<String, Object>> combos = new ArrayList<>();
          combos.add(new LinkedHashMap<>());
          for (Map.Entry<String, Space> e : space.spaces().entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : combos) {
              for (Object v : e.getValue().grid(pointsPerAxis)) {
                Map<String, Object> m = new LinkedHashMap<>(c);
                m.put(e.getKey(), v);
                next.add(m);
              }
            }
            combos = next;
          }
          for (Map<String, Object> c : combos) {
            run.evaluate(new Config(c), budget);
          }
        });
  }

  /** {@code trials} configurations drawn at random (seeded), each trained with {@code budget}. */
  public static Search random(SearchSpace space, int trials, double budget, long seed) {
    positive("random", "budget", budget);
    positive("random", "trials", trials);
    return new Named("Searches.random(" + space + ", " + trials + ", " + budget + ", " + seed
        + ")", run -> {
          Random r = new Random(seed);
          for (int i = 0; i < trials; i++) {
            run.evaluate(space.sample(r), budget);
          }
        });
  }

  /**
   * Successive halving: {@code configs} random configurations start at budget
   * r_0 = R·η^(−s) with s = ⌊log_η(R / minBudget)⌋; after each rung only the best ⌊n/η⌋ (at least
   * one) go on, with η times the budget, until the last rung trains the survivors with R =
   * {@code maxBudget}. Each rung calls the objective afresh with the larger budget.
   */
  public static Search successiveHalving(SearchSpace space, int configs, double minBudget,
      double maxBudget, double eta, long seed) {
    int s = rungs("successiveHalving", minBudget, maxBudget, eta);
    positive("successiveHalving", "configs", configs);
    return new Named("Searches.successiveHalving(" + space + ", " + configs + ", " + minBudget
        + ", " + maxBudget + ", " + eta + ", " + seed + ")", run -> {
          Random r = new Random(seed);
          List<Config> cs = new ArrayList<>();
          for (int i = 0; i < configs; i++) {
            cs.add(space.sample(r));
          }
          halve(run, cs, s, maxBudget, eta);
        });
  }

  /**
   * Hyperband (Li et al.): for s = s_max … 0 with s_max = ⌊log_η(R / minBudget)⌋, a bracket of
   * successive halving over ⌈(s_max + 1)/(s + 1)·η^s⌉ random configurations starting at R·η^(−s).
   */
  public static Search hyperband(SearchSpace space, double minBudget, double maxBudget,
      double eta, long seed) {
    int sMax = rungs("hyperband", minBudget, maxBudget, eta);
    return new Named("Searches.hyperband(" + space + ", " + minBudget + ", " + maxBudget + ", "
        + eta + ", " + seed + ")", run -> {
          Random r = new Random(seed);
          for (int s = sMax; s >= 0; s--) {
            int n = (int) Math.ceil((sMax + 1.0) / (s + 1) * Math.pow(eta, s));
            List<Config> cs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              cs.add(space.sample(r));
            }
            halve(run, cs, s, maxBudget, eta);
          }
        });
  }

  /** Successive halving of {@code cs} over rungs 0…s, the last at {@code maxBudget}. */
  private static void halve(Runner run, List<Config> cs, int s, double maxBudget, double eta) {
    List<Config> alive = cs;
    for (int i = 0; i <= s; i++) {
      double budget = maxBudget * Math.pow(eta, i - s);
      List<Trial> rung = new ArrayList<>();
      for (Config c : alive) {
        rung.add(run.evaluate(c, budget));
      }
      if (i == s) {
        break;
      }
      rung.sort(Comparator.<Trial, Double>comparing(Trial::score, run.goal::compare)
          .thenComparingInt(Trial::index));
      int keep = Math.max(1, (int) Math.floor(rung.size() / eta));
      alive = new ArrayList<>();
      for (int k = 0; k < keep; k++) {
        alive.add(rung.get(k).config());
      }
    }
  }

  private static int rungs(String op, double minBudget, double maxBudget, double eta) {
    positive(op, "minBudget", minBudget);
    positive(op, "maxBudget", maxBudget);
    if (!(maxBudget >= minBudget)) {
      throw new IllegalArgumentException("Searches." + op + ": maxBudget " + maxBudget
          + " is below minBudget " + minBudget);
    }
    if (!(eta > 1)) {
      throw new IllegalArgumentException("Searches." + op + ": eta " + eta
          + " must exceed 1 (the factor by which budgets grow and survivors shrink)");
    }
    // The small slack keeps exact powers (81 / 1 with η = 3) from rounding down a rung.
    double s = Math.floor(Math.log(maxBudget / minBudget) / Math.log(eta) + 1e-9);
    if (s > MAX_RUNGS) {
      // η = 1.0000000001 over budgets 1…81 made 4.4e10 rungs: a search that never ends
      throw new IllegalArgumentException("Searches." + op + ": budgets " + minBudget + " to " + maxBudget
          + " grown by eta " + eta + " make " + String.format(java.util.Locale.ROOT, "%.3g", s + 1)
          + " rungs; at most " + (MAX_RUNGS + 1) + " are allowed: raise eta (commonly 3) or narrow the budgets");
    }
    return (int) s;
  }

  /** The most rungs after the first: η = 2 over a budget ratio of 2^64 is still allowed. */
  private static final int MAX_RUNGS = 64;

  private static void positive(String op, String what, double v) {
    if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
      // an infinite budget made successive halving call the objective with NaN over 2^31 rungs
      throw new IllegalArgumentException("Searches." + op + ": " + what + " is " + v
          + "; it must be finite and positive");
    }
  }

  /** Calls the objective, numbering and reporting each trial. */
  private static final class Runner {
    final Objective objective;
    final Goal goal;
    final Consumer<Trial> listener;
    final List<Trial> trials = new ArrayList<>();

    Runner(Objective objective, Goal goal, Consumer<Trial> listener) {
      this.objective = objective;
      this.goal = goal;
      this.listener = listener;
    }

    Trial evaluate(Config c, double budget) {
      Trial t = new Trial(trials.size(), c, budget, objective.score(c, budget));
      trials.add(t);
      listener.accept(t);
      return t;
    }
  }

  private record Named(String name, Consumer<Runner> body) implements Search {
    @Override
    public SearchResult run(Objective objective, Goal goal, Consumer<Trial> listener) {
      // checked first: a null goal failed only when ranking, after every trial had trained
      java.util.Objects.requireNonNull(objective, name + ".run: objective is null");
      java.util.Objects.requireNonNull(goal, name + ".run: goal is null");
      java.util.Objects.requireNonNull(listener, name + ".run: listener is null (pass t -> {} for none)");
      Runner r = new Runner(objective, goal, listener);
      body.accept(r);
      return new SearchResult(r.trials, goal);
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
